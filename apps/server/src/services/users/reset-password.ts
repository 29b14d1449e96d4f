import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds, assertNeedsOneOf } from "../kernel/permissions.ts";
import { operatorNotFound } from "../operators/operators.ts";
import { permissionsHeldBy } from "./access-guard.ts";
import { generatePassword, hashNewPassword } from "../settings/password-policy.ts";
import { writeProfile } from "./update-user.ts";
import type { UserRecord } from "./user-view.ts";
import { audited, loadForWrite, writeUser, type UserRef } from "./users.ts";

/**
 * Gives a user a new generated password (an operator locked out, an
 * account handed over): answered once to the caller, kept only as a hash,
 * audited without it. Every session signed in with the old one ends. The
 * caller must be allowed to act on the user (loadForWrite's rank rule); an
 * account's needs `users:update`, an operator's `operators:reset-password`.
 * With `onlyOperator` (Pryv's admin users), an account is 404.
 */
export async function resetPassword(ctx: ServiceContext, ref: UserRef, options: { onlyOperator?: boolean } = {}): Promise<{ user: UserRecord; password: string }> {
  assertNeedsOneOf(ctx.actor, ["users:update", "operators:reset-password"], "Resetting a password");
  const password = await generatePassword(ctx);
  const passwordHash = await hashNewPassword(ctx, password);
  const user = await writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, ref);
    const operator = (await permissionsHeldBy(tx, before.user.id)).length > 0;
    if (options.onlyOperator && !operator) throw operatorNotFound();
    assertNeeds(ctx.actor, [operator ? "operators:reset-password" : "users:update"], operator ? "Resetting an operator's password" : "Resetting a password");
    await writeProfile(tx, ctx, before.user.id, {}, passwordHash);
    return audited(tx, ctx, "user.password.reset", before, { passwordChanged: true });
  });
  return { user, password };
}
