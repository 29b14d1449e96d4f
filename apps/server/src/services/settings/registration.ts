import { forbidden } from "../kernel/errors.ts";
import { readPlatformSettings, type SettingsReader } from "./platform-settings.ts";

/**
 * The registration policy's gate, before any new account is made: by an
 * operator on any surface, or by redeeming an invite. `closed` refuses
 * both (403 `registration_closed`) until an operator reopens it; password
 * resets are no new account and pass.
 */
export async function assertRegistrationOpen(ctx: SettingsReader): Promise<void> {
  const { registration } = await readPlatformSettings(ctx);
  if (registration === "closed") throw forbidden("Registration is closed on this platform: no new account can be made", "registration_closed");
}
