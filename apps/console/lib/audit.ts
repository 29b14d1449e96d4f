import type { AuditEvent } from "@steward/client";

/** The surfaces a change can come through (the events' `dialect`). */
export const SURFACES: readonly { value: string; label: string }[] = [
  { value: "", label: "Any surface" },
  { value: "console", label: "Console" },
  { value: "v1", label: "API v1" },
  { value: "cli", label: "Command line" },
  { value: "system", label: "System" },
  { value: "pterodactyl", label: "Pterodactyl" },
  { value: "prosody", label: "Prosody" },
  { value: "pleroma", label: "Pleroma" },
  { value: "pryv", label: "Pryv" },
  { value: "pryv-early", label: "Pryv (early)" },
];

/** Kinds of target the API records. */
export const TARGET_TYPES: readonly { value: string; label: string }[] = [
  { value: "", label: "Any target" },
  { value: "user", label: "Users" },
  { value: "group", label: "Groups" },
  { value: "invite", label: "Invites" },
  { value: "role", label: "Roles" },
  { value: "session", label: "Sessions" },
  { value: "api_key", label: "API keys" },
  { value: "relay", label: "Relays" },
  { value: "settings", label: "Settings" },
  { value: "notify_target", label: "Notify targets" },
  { value: "outbox_message", label: "Mail" },
  { value: "channel", label: "Channels" },
  { value: "access_token", label: "Access tokens" },
  { value: "bookmark", label: "Bookmarks" },
];

/** Actions offered as you type (a resource ending in a dot matches all of its actions). */
export const ACTION_SUGGESTIONS: readonly string[] = [
  "user.",
  "user.create",
  "user.update",
  "user.activate",
  "user.deactivate",
  "user.delete",
  "user.role.grant",
  "user.role.revoke",
  "user.permissions.set",
  "user.password.reset",
  "user.mfa.reset",
  "user.follow",
  "user.unfollow",
  "user.resource.attach",
  "user.resource.detach",
  "group.",
  "group.create",
  "group.rename",
  "group.delete",
  "group.member.add",
  "group.member.remove",
  "invite.",
  "invite.create",
  "invite.redeem",
  "invite.revoke",
  "role.",
  "session.",
  "session.create",
  "session.revoke",
  "session.revoke_all",
  "api_key.",
  "relay.",
  "settings.",
  "mail.",
]

export function surfaceLabel(surface: string): string {
  return SURFACES.find((choice) => choice.value === surface && surface)?.label ?? surface;
}

/** Who acted, in a few words: the username or key name at the time, else the kind of caller. */
export function actorLabel(actor: AuditEvent["actor"]): string {
  if (actor.label) return actor.type === "api_key" ? `API key ${actor.label}` : actor.label;
  if (actor.type === "system") return "System";
  if (actor.type === "anonymous") return "Someone not signed in";
  return actor.id ?? actor.type;
}

/** Where a target of this kind is shown in the console, if it has a page. */
export function targetHref(target: AuditEvent["target"]): string | null {
  if (!target.id) return null;
  if (target.type === "user") return `/users/${target.id}`;
  if (target.type === "group") return `/groups/${target.id}`;
  return null;
}

export type DiffRow = { path: string; kind: "added" | "removed" | "changed" | "same"; before?: string; after?: string };

/** A value flattened to `path → shown value`: objects by dotted path, arrays and scalars as JSON. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length && prefix) out.set(prefix, "{}");
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix || value !== null) {
    out.set(prefix || "(value)", JSON.stringify(value));
  }
  return out;
}

/**
 * What an event changed, field by field: each path in `before` or `after`
 * with its old and new value (shown as JSON). A creation has only `after`
 * (every field added), a deletion only `before`. Unchanged fields come last.
 */
export function diffOf(before: unknown, after: unknown): DiffRow[] {
  const old = flatten(before ?? null, "", new Map());
  const now = flatten(after ?? null, "", new Map());
  const paths = [...new Set([...old.keys(), ...now.keys()])].sort();
  const rows: DiffRow[] = paths.map((path) => {
    const a = old.get(path);
    const b = now.get(path);
    if (a === undefined) return { path, kind: "added", after: b };
    if (b === undefined) return { path, kind: "removed", before: a };
    return a === b ? { path, kind: "same", before: a, after: b } : { path, kind: "changed", before: a, after: b };
  });
  const order = { changed: 0, added: 1, removed: 2, same: 3 } as const;
  return rows.sort((x, y) => order[x.kind] - order[y.kind] || x.path.localeCompare(y.path));
}

/** `<input type="datetime-local">`'s value (local time) as an ISO timestamp, or undefined. */
export function isoOfLocal(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
