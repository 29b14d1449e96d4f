import type { SettingsDocument } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { readSettingsDocument } from "./platform-settings.ts";

/** The platform settings with their version and revision. Needs `settings:read`. */
export async function getSettings(ctx: ServiceContext): Promise<SettingsDocument> {
  assertNeeds(ctx.actor, ["settings:read"], "Reading the settings");
  return readSettingsDocument(ctx);
}
