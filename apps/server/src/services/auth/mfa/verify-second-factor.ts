import type { ServiceContext } from "../../kernel/context.ts";
import type { Tx } from "../../kernel/mutate.ts";
import { acceptTotpStep, isTotpShaped, lockMfaState, openTotpSecret, spendRecoveryCode, totpStepOf } from "./mfa.ts";

/** What a second factor can be: a code from the app, or a recovery code. */
export type SecondFactor = "totp" | "recovery";

/**
 * Checks a second factor the user gave and spends it, inside the caller's
 * transaction (which has read `sealedSecret` under the user's row lock,
 * lockMfaState): an app's code is taken for a step later than the last one
 * taken (so never twice), a recovery code is marked used. Answers which kind
 * it was, or null when it is wrong, used already, or of a kind `accepts`
 * leaves out. Nothing is spent when it is refused.
 */
export async function spendSecondFactor(
  tx: Tx,
  ctx: Pick<ServiceContext, "keyring" | "clock">,
  user: { id: string; sealedSecret: string },
  code: string,
  accepts: readonly SecondFactor[] = ["totp", "recovery"],
): Promise<SecondFactor | null> {
  const now = ctx.clock.now();
  if (isTotpShaped(code)) {
    if (!accepts.includes("totp")) return null;
    const step = totpStepOf(openTotpSecret(ctx, user.id, user.sealedSecret), code, now);
    return step !== null && (await acceptTotpStep(tx, user.id, step)) ? "totp" : null;
  }
  if (!accepts.includes("recovery")) return null;
  return (await spendRecoveryCode(tx, user.id, code, now)) ? "recovery" : null;
}

/**
 * The second factor of a sign-in whose password was right, inside the
 * transaction that makes its session, so the code is spent exactly when the
 * session is made: which kind passed, `none` when the account's two-factor
 * sign-in was turned off meanwhile (the password is enough), or null when
 * the code is wrong or used.
 */
export async function passSecondFactorAtSignIn(
  tx: Tx,
  ctx: Pick<ServiceContext, "keyring" | "clock">,
  userId: string,
  code: string,
): Promise<SecondFactor | "none" | null> {
  const state = await lockMfaState(tx, userId);
  // Deleted meanwhile: no session for them (and the same answer as a wrong code).
  if (!state) return null;
  if (!state.enabled) return "none";
  if (!state.sealedSecret) return null;
  return spendSecondFactor(tx, ctx, { id: userId, sealedSecret: state.sealedSecret }, code);
}
