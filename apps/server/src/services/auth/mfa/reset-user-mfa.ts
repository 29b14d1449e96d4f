import type { ServiceContext } from "../../kernel/context.ts";
import { assertNeeds } from "../../kernel/permissions.ts";
import type { UserRecord } from "../../users/user-view.ts";
import { audited, loadForWrite, writeUser, type UserRef } from "../../users/users.ts";
import { clearMfa, lockOwnMfaState } from "./mfa.ts";

/**
 * An operator turns a user's two-factor sign-in off (a lost phone, lost
 * recovery codes): their secret and recovery codes are forgotten, an
 * enrolment in progress too, so they sign in with their password alone and
 * may enrol again. Needs `users:reset-mfa` and the rank rule of every user
 * write (loadForWrite: 404 for nobody, 403 `target_outranks_caller`). Their
 * sessions stay. Audited as `user.mfa.reset`; nothing to do when it is off.
 * Every surface that offers it (`/api/v1`, Pryv's `DELETE
 * /platform-users/{username}/mfa`) calls this.
 */
export async function resetUserMfa(ctx: ServiceContext, ref: UserRef): Promise<UserRecord> {
  assertNeeds(ctx.actor, ["users:reset-mfa"], "Turning off a user's two-factor sign-in");
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, ref);
    const state = await lockOwnMfaState(tx, before.user.id);
    if (!state.enabled && !state.sealedSecret) return before;
    await clearMfa(tx, before.user.id);
    return audited(tx, ctx, "user.mfa.reset", before, state.enabled ? undefined : { enrolmentCancelled: true });
  }, { changesAccess: false });
}
