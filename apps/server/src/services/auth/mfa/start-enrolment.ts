import type { MfaEnrolment } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { mutate } from "../../kernel/mutate.ts";
import { lockOwnMfaState, mfaAlreadyEnabled, newTotpSecret, otpauthUri, sealTotpSecret, sessionUserOf, storePendingSecret } from "./mfa.ts";

/**
 * Starts (or starts again) the signed-in user's TOTP enrolment: a new
 * secret, kept sealed and not in force until a code confirms it
 * (confirm-enrolment.ts). The secret is answered this once, with the
 * `otpauth://` URI an app scans; the platform's name is the issuer. Refused
 * while two-factor sign-in is on (turn it off first).
 */
export async function startMfaEnrolment(ctx: ServiceContext): Promise<MfaEnrolment> {
  const userId = sessionUserOf(ctx);
  const secret = newTotpSecret();
  return mutate(ctx, async (tx) => {
    const state = await lockOwnMfaState(tx, userId);
    if (state.enabled) throw mfaAlreadyEnabled();
    await storePendingSecret(tx, userId, sealTotpSecret(ctx, userId, secret));
    await recordAudit(tx, ctx, { action: "user.mfa.enrolment.start", targetType: "user", targetId: userId });
    const issuer = ctx.settings.siteName;
    return { secret, otpauthUri: otpauthUri(secret, issuer, state.username), issuer, account: state.username };
  }, { changesAccess: false });
}
