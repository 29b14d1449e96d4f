import type { MfaCodeBody, RecoveryCodes } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { changeOwnMfa, invalidCode, mfaNotEnabled, replaceRecoveryCodes } from "./mfa.ts";
import { spendSecondFactor } from "./verify-second-factor.ts";

/**
 * Ten new recovery codes for the signed-in user, answered once; the earlier
 * ones stop working. Takes a current code from the app (a recovery code
 * would let a stolen one mint ten more), under the sign-in limits. Audited
 * as `user.mfa.recovery_codes.regenerate`, without the codes.
 */
export async function regenerateRecoveryCodes(ctx: ServiceContext, { code }: MfaCodeBody): Promise<RecoveryCodes> {
  return changeOwnMfa(ctx, async (tx, { userId, state }) => {
    if (!state.enabled || !state.sealedSecret) throw mfaNotEnabled();
    const passed = await spendSecondFactor(tx, ctx, { id: userId, sealedSecret: state.sealedSecret }, code, ["totp"]);
    if (!passed) throw invalidCode("That is not the code your authenticator app shows now, or it was used already");
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await recordAudit(tx, ctx, {
      action: "user.mfa.recovery_codes.regenerate",
      targetType: "user",
      targetId: userId,
      after: { recoveryCodes: recoveryCodes.length },
    });
    return { recoveryCodes };
  });
}
