import type { SettingsMigration } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { describeMigration, pendingMigrations } from "./migrations.ts";
import { readRow } from "./platform-settings.ts";

/** The migrations the stored document waits for, in order (none before the first start wrote it). Needs `settings:read`. */
export async function listSettingsMigrations(ctx: ServiceContext): Promise<SettingsMigration[]> {
  assertNeeds(ctx.actor, ["settings:read"], "Listing settings migrations");
  const row = await readRow(ctx.db);
  return row ? pendingMigrations(row.schemaVersion).map(describeMigration) : [];
}
