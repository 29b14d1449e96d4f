import type { MfaCodeBody } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { audited } from "../../users/users.ts";
import { changeOwnMfa, clearMfa, invalidCode, mfaNotEnabled } from "./mfa.ts";
import { spendSecondFactor } from "./verify-second-factor.ts";

/**
 * Turns the signed-in user's two-factor sign-in off, given a current code
 * from the app or an unused recovery code (checked under the sign-in
 * limits): the secret and the recovery codes are forgotten. Audited as
 * `user.mfa.disable`, with the kind of code used, never the code.
 */
export async function disableOwnMfa(ctx: ServiceContext, { code }: MfaCodeBody): Promise<void> {
  await changeOwnMfa(ctx, async (tx, { userId, before, state }) => {
    if (!state.enabled || !state.sealedSecret) throw mfaNotEnabled();
    const secondFactor = await spendSecondFactor(tx, ctx, { id: userId, sealedSecret: state.sealedSecret }, code);
    if (!secondFactor) throw invalidCode();
    await clearMfa(tx, userId);
    await audited(tx, ctx, "user.mfa.disable", before, { secondFactor });
  });
}
