import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { generatePassword, hashNewPassword } from "../kernel/password-policy.ts";
import { writeProfile } from "./update-user.ts";
import type { UserRecord } from "./user-view.ts";
import { audited, loadForWrite, writeUser, type UserRef } from "./users.ts";

/**
 * Gives a user a new generated password (an operator locked out, an
 * account handed over): answered once to the caller, kept only as a hash,
 * audited without it. Every session signed in with the old one ends. The
 * caller must be allowed to act on the user (loadForWrite's rank rule).
 */
export async function resetPassword(ctx: ServiceContext, ref: UserRef): Promise<{ user: UserRecord; password: string }> {
  assertNeeds(ctx.actor, ["users:update"], "Resetting a password");
  const password = generatePassword(ctx);
  const passwordHash = await hashNewPassword(ctx, password);
  const user = await writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, ref);
    await writeProfile(tx, ctx, before.user.id, {}, passwordHash);
    return audited(tx, ctx, "user.password.reset", before, { passwordChanged: true });
  });
  return { user, password };
}
