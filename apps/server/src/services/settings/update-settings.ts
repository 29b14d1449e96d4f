import { PlatformSettingsSchema, type FieldError, type PlatformSettings, type SettingsDocument } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError, conflict } from "../kernel/errors.ts";
import { mutate } from "../kernel/mutate.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { CURRENT_SETTINGS_VERSION } from "./migrations.ts";
import { SETTINGS_ID, initialSettings, readSettingsDocument } from "./platform-settings.ts";

export interface SettingsGuard {
  /** The revision the caller read (`"7"`, as the ETag gave it): refused with 412 if the settings moved since. */
  ifMatch?: string;
}

/**
 * Replaces the platform settings. Every problem is answered at once, by
 * path (422 `invalid_settings`), and nothing is written when any is found.
 * The row is locked for the change: of two writes that read the same
 * revision, the second finds it moved (412 `settings_changed`). A document
 * behind the code's version is migrated first (409 `settings_migration_pending`).
 */
export async function updateSettings(ctx: ServiceContext, document: unknown, guard: SettingsGuard = {}): Promise<SettingsDocument> {
  assertNeeds(ctx.actor, ["settings:update"], "Changing the settings");
  const settings = validSettings(document);
  const expected = guard.ifMatch === undefined ? undefined : revisionOf(guard.ifMatch);
  await mutate(ctx, async (tx) => {
    const [row] = await tx.$queryRaw<{ schema_version: number; revision: number; data: unknown }[]>`
      SELECT schema_version, revision, data FROM settings_documents WHERE id = ${SETTINGS_ID} FOR UPDATE`;
    if (row && row.schema_version < CURRENT_SETTINGS_VERSION) {
      throw conflict("Apply the pending settings migrations first", "settings_migration_pending");
    }
    if (expected !== undefined && expected !== "*" && expected !== (row?.revision ?? 0)) {
      throw new ServiceError("precondition_failed", "The settings changed since you read them; read them again and retry", { reason: "settings_changed" });
    }
    const before = row?.data ?? initialSettings(ctx.settings);
    await tx.settingsDocument.upsert({
      where: { id: SETTINGS_ID },
      create: { id: SETTINGS_ID, schemaVersion: CURRENT_SETTINGS_VERSION, revision: 1, data: settings },
      update: { data: settings, revision: { increment: 1 } },
    });
    await recordAudit(tx, ctx, { action: "settings.update", targetType: "settings", targetId: SETTINGS_ID, before, after: settings });
  }, { changesAccess: false });
  return readSettingsDocument(ctx);
}

/** The document as settings, or 422 `invalid_settings` with every problem found, by path. */
export function validSettings(document: unknown): PlatformSettings {
  const parsed = PlatformSettingsSchema.safeParse(document);
  const problems: FieldError[] = parsed.success
    ? crossFieldProblems(parsed.data)
    : parsed.error.issues.map((issue) => ({ path: ["body", ...issue.path].join("."), message: issue.message, code: issue.code }));
  if (problems.length === 0 && parsed.success) return parsed.data;
  throw new ServiceError("unprocessable_entity", `The settings have ${problems.length} problem${problems.length > 1 ? "s" : ""}`, {
    reason: "invalid_settings",
    fields: problems,
  });
}

/** What one field's schema cannot say: each invite default within the longest lifetime. */
function crossFieldProblems(settings: PlatformSettings): FieldError[] {
  const { invites } = settings;
  return (["registerLifetimeSeconds", "resetLifetimeSeconds"] as const)
    .filter((field) => invites[field] > invites.maxLifetimeSeconds)
    .map((field) => ({ path: `body.invites.${field}`, message: `At most invites.maxLifetimeSeconds (${invites.maxLifetimeSeconds})`, code: "too_big" }));
}

/** `"7"`, `W/"7"` or `*` as a revision; anything else matches no revision. */
function revisionOf(header: string): number | "*" {
  const tag = header.trim().replace(/^W\//, "");
  if (tag === "*") return "*";
  const match = /^"(\d{1,9})"$/.exec(tag);
  return match ? Number(match[1]) : -1;
}
