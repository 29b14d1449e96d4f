import { ALL_PERMISSIONS, PERMISSIONS, type ApiKey, type Permission } from "@steward/client";
import { capitalize } from "./format";

export type KeyState = "active" | "expired" | "revoked";

export const STATE_LABELS: Record<KeyState, string> = {
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
};

/** A revoked key stays revoked whatever its expiry; otherwise it is expired once its time has passed. */
export function keyStateOf(key: ApiKey, now = Date.now()): KeyState {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return "expired";
  return "active";
}

/** Names of the resources in `resource:action`, where capitalising the word is not enough. */
const RESOURCE_LABELS: Record<string, string> = { "api-keys": "API keys", "audit-events": "Audit events" };

export interface PermissionGroup {
  resource: string;
  label: string;
  permissions: Permission[];
}

/** Every permission, grouped by resource in the API's order (users, roles, sessions, …). */
export const PERMISSION_GROUPS: readonly PermissionGroup[] = ALL_PERMISSIONS.reduce<PermissionGroup[]>((groups, permission) => {
  const resource = permission.split(":")[0]!;
  let group = groups.find((g) => g.resource === resource);
  if (!group) {
    group = { resource, label: RESOURCE_LABELS[resource] ?? capitalize(resource), permissions: [] };
    groups.push(group);
  }
  group.permissions.push(permission);
  return groups;
}, []);

export function describePermission(permission: string): string {
  return PERMISSIONS[permission as Permission] ?? "";
}

export interface KeyPreset {
  id: string;
  label: string;
  permissions: readonly Permission[];
  /** Where the key is used on the API server (the dialect's default base path). */
  basePath: string;
  /** What the key is for, shown with the presets and with the new secret. */
  usage: string;
  /** A built-in role the key's creator must hold besides the key's permissions. */
  creatorRole?: string;
}

/**
 * Ready-made permission sets for the compatibility APIs. Each is what that
 * dialect's routes declare (`metadata: requires(…)` in
 * packages/contracts/src/dialects/*.ts; every dialect serves them as
 * `x-permission` in its `openapi.json`, which the browser test compares).
 */
export const KEY_PRESETS: readonly KeyPreset[] = [
  {
    id: "pterodactyl",
    label: "Pterodactyl application key",
    permissions: ["users:read", "users:create", "users:update", "users:delete"],
    basePath: "/api/application",
    usage: "For Pterodactyl Panel clients (nodeactyl, jspteroapi…): give them Steward's API address as the panel URL and this as the application API key.",
  },
  {
    id: "prosody",
    label: "Prosody admin API",
    permissions: ["users:read", "users:update", "users:delete", "groups:read", "groups:manage", "sessions:read", "invites:read", "invites:manage"],
    basePath: "/admin_api",
    usage: "For clients of Prosody's mod_http_admin_api: users, groups, sessions and invites.",
  },
  {
    id: "pleroma",
    label: "Pleroma admin API",
    permissions: [
      "users:read",
      "users:create",
      "users:update",
      "users:delete",
      "users:manage-roles",
      "invites:read",
      "invites:manage",
      "relays:read",
      "relays:manage",
    ],
    basePath: "/api/pleroma/admin",
    usage: "For Pleroma admin tools: users, roles, invites and relays.",
    creatorRole: "admin",
  },
  {
    id: "read-only",
    label: "Read only",
    permissions: ALL_PERMISSIONS.filter((permission) => permission.endsWith(":read")),
    basePath: "/api/v1",
    usage: "Reads everything Steward's API shows and changes nothing.",
  },
];

/** The preset holding exactly `permissions`, if any. */
export function presetOf(permissions: readonly string[]): KeyPreset | undefined {
  const wanted = new Set(permissions);
  return KEY_PRESETS.find((preset) => preset.permissions.length === wanted.size && preset.permissions.every((p) => wanted.has(p)));
}

/** "users: read, create · groups: read", or "All permissions" for `*`. */
export function compactPermissions(permissions: readonly string[]): string {
  if (permissions.includes("*")) return "All permissions (*)";
  const order: readonly string[] = ALL_PERMISSIONS;
  // The API's order (read before create…); a permission it no longer knows goes last.
  const rank = (permission: string) => (order.includes(permission) ? order.indexOf(permission) : order.length);
  const byResource = new Map<string, string[]>();
  for (const permission of [...permissions].sort((a, b) => rank(a) - rank(b))) {
    const [resource, action = ""] = permission.split(":");
    byResource.set(resource!, [...(byResource.get(resource!) ?? []), action]);
  }
  return [...byResource].map(([resource, actions]) => `${resource}: ${actions.join(", ")}`).join(" · ");
}
