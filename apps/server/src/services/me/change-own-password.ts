import type { ChangeOwnPassword, PasswordChanged } from "@steward/contracts";
import { holdBack, recordFailure, recordSuccess, reserveAttempt } from "../auth/login-throttle.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import { verifyPassword } from "../kernel/secrets.ts";
import { hashNewPassword } from "../settings/password-policy.ts";
import { audited, loadForWrite, revokeSessionsOf, writeUser } from "../users/users.ts";
import { sessionUserOf } from "./me.ts";

const wrongPassword = () =>
  new ServiceError("unprocessable_entity", "That is not your current password", {
    reason: "wrong_password",
    fields: [{ path: "body.currentPassword", message: "Not your current password", code: "wrong_password" }],
  });

/**
 * Changes the signed-in account's password. The current one is checked
 * under the sign-in limits, as a sign-in is (a stolen session cannot guess
 * its way to the password: 429 past them); a wrong one is 422
 * `wrong_password`, a new one the policy refuses 422 `weak_password` or
 * `common_password`. Every other session of the account ends; the one
 * making the change stays.
 */
export async function changeOwnPassword(ctx: ServiceContext, input: ChangeOwnPassword): Promise<PasswordChanged> {
  const { userId, sessionId } = sessionUserOf(ctx);
  const attempt = await reserveAttempt(ctx, userId, ctx.meta.ip);
  await holdBack(ctx, attempt);
  const account = await ctx.db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
    await recordFailure(ctx, attempt);
    throw wrongPassword();
  }
  await recordSuccess(ctx, attempt);
  const passwordHash = await hashNewPassword(ctx, input.newPassword, "newPassword");
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, { id: userId });
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const count = await revokeSessionsOf(tx, ctx, userId, { except: sessionId });
    await audited(tx, ctx, "user.password_change", before, { sessionsEnded: count });
    return { sessionsEnded: count };
  });
}
