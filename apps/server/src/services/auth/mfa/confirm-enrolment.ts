import type { MfaCodeBody, RecoveryCodes } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { conflict } from "../../kernel/errors.ts";
import { audited } from "../../users/users.ts";
import { changeOwnMfa, enableMfa, invalidCode, mfaAlreadyEnabled, replaceRecoveryCodes } from "./mfa.ts";
import { spendSecondFactor } from "./verify-second-factor.ts";

/**
 * Confirms the signed-in user's enrolment with a code from their app: from
 * now on signing in asks for one. Answers ten recovery codes, once (only
 * their hashes are kept). The code is checked under the sign-in limits and
 * taken (its step is not accepted again). Audited as `user.mfa.enable`.
 */
export async function confirmMfaEnrolment(ctx: ServiceContext, { code }: MfaCodeBody): Promise<RecoveryCodes> {
  return changeOwnMfa(ctx, async (tx, { userId, before, state }) => {
    if (state.enabled) throw mfaAlreadyEnabled();
    if (!state.sealedSecret) throw conflict("Start an enrolment first: there is no secret to confirm", "mfa_enrolment_not_started");
    const passed = await spendSecondFactor(tx, ctx, { id: userId, sealedSecret: state.sealedSecret }, code, ["totp"]);
    if (!passed) throw invalidCode("That is not the code your authenticator app shows now");
    await enableMfa(tx, userId);
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await audited(tx, ctx, "user.mfa.enable", before);
    return { recoveryCodes };
  });
}
