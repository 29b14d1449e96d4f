import { PlatformSettingsSchema, type SettingsMigration } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import { mutate } from "../kernel/mutate.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { SETTINGS_MIGRATIONS, describeMigration, pendingMigrations, type SettingsMigrationStep } from "./migrations.ts";
import { SETTINGS_ID, initialSettings } from "./platform-settings.ts";

/**
 * Applies every pending migration, in order, in one transaction with the
 * row locked: a step that throws, or a result the schema refuses, leaves the
 * document as it was (422 `settings_migration_failed`, naming the step).
 * Answers what was applied; nothing pending is an empty list. Needs
 * `settings:update`. `steps` is the code's list; tests give their own.
 */
export async function applySettingsMigrations(ctx: ServiceContext, steps: readonly SettingsMigrationStep[] = SETTINGS_MIGRATIONS): Promise<SettingsMigration[]> {
  assertNeeds(ctx.actor, ["settings:update"], "Applying settings migrations");
  return mutate(ctx, async (tx) => {
    const [row] = await tx.$queryRaw<{ schema_version: number; data: unknown }[]>`
      SELECT schema_version, data FROM settings_documents WHERE id = ${SETTINGS_ID} FOR UPDATE`;
    if (!row) return [];
    const pending = pendingMigrations(row.schema_version, steps);
    if (pending.length === 0) return [];
    let document = row.data;
    for (const step of pending) {
      try {
        document = step.transform(document, initialSettings(ctx.settings));
      } catch (error) {
        throw failed(step, error instanceof Error ? error.message : String(error));
      }
    }
    const last = pending[pending.length - 1]!;
    const parsed = PlatformSettingsSchema.safeParse(document);
    if (!parsed.success) throw failed(last, `the result does not fit the settings schema (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
    await tx.settingsDocument.update({
      where: { id: SETTINGS_ID },
      data: { schemaVersion: last.toVersion, data: parsed.data, revision: { increment: 1 } },
    });
    const applied = pending.map(describeMigration);
    await recordAudit(tx, ctx, {
      action: "settings.migrate",
      targetType: "settings",
      targetId: SETTINGS_ID,
      before: { version: row.schema_version, settings: row.data },
      after: { version: last.toVersion, settings: parsed.data, applied: applied.map((step) => step.id) },
    });
    return applied;
  }, { changesAccess: false });
}

function failed(step: SettingsMigrationStep, why: string): ServiceError {
  return new ServiceError("unprocessable_entity", `Settings migration ${step.id} failed: ${why}; nothing was applied`, { reason: "settings_migration_failed" });
}
