import type { UpdateUser } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { lockExistingGroups, setUserGroupsIn } from "../groups/members.ts";
import type { UserRecord } from "./user-view.ts";
import { writeProfile } from "./update-user.ts";
import { audited, loadForWrite, writeUser, type UserRef } from "./users.ts";

/**
 * Changes a user's profile and, when `groupIds` is given, makes those
 * exactly the user's groups, in one transaction: an unknown group refuses
 * the whole change (Prosody's PUT /users/{username} does both). A write on
 * the account (`users:update`; the caller must not be outranked by the
 * user); changing the groups needs `groups:manage` too (setUserGroupsIn).
 */
export async function updateUserAndGroups(
  ctx: ServiceContext,
  user: UserRef,
  patch: Omit<UpdateUser, "password">,
  groupIds: string[] | undefined,
): Promise<UserRecord> {
  assertNeeds(ctx.actor, ["users:update"], "Changing a user");
  return writeUser(ctx, async (tx) => {
    // Groups before the user, the order every membership change locks in.
    const groups = groupIds ? await lockExistingGroups(tx, groupIds) : undefined;
    const before = await loadForWrite(tx, ctx, user);
    await writeProfile(tx, ctx, before.user.id, patch);
    if (groups) await setUserGroupsIn(tx, ctx, before.user.id, groups);
    return audited(tx, ctx, "user.update", before);
  }, { changesAccess: false });
}
