import type { RegistrationInfo } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { readPlatformSettings } from "../settings/platform-settings.ts";

/** What a sign-up page shows before it asks anything: public, the settings' registration policy and password minimum. */
export async function getRegistrationInfo(ctx: ServiceContext): Promise<RegistrationInfo> {
  const settings = await readPlatformSettings(ctx);
  return { siteName: settings.siteName, registration: settings.registration, passwordMinLength: settings.passwords.minLength };
}
