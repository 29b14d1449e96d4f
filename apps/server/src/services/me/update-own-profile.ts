import type { UpdateOwnProfile } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import type { UserRecord } from "../users/user-view.ts";
import { assertUnique, audited, loadForWrite, writeUser, type WriteGuard } from "../users/users.ts";
import { sessionUserOf } from "./me.ts";

/**
 * Changes the signed-in account's own profile: exactly these fields (email,
 * names, language, phone), never its username, roles, tags, status or
 * external id, which are operators' to change. The email keeps the unique
 * rule (409 `email_taken`); `If-Match` guards against an operator's change.
 */
export async function updateOwnProfile(ctx: ServiceContext, patch: UpdateOwnProfile, guard: WriteGuard = {}): Promise<UserRecord> {
  const { userId } = sessionUserOf(ctx);
  return writeUser(
    ctx,
    async (tx) => {
      const before = await loadForWrite(tx, ctx, { id: userId }, guard);
      await assertUnique(tx, { email: patch.email }, userId);
      await tx.user.update({
        where: { id: userId },
        data: { email: patch.email, displayName: patch.displayName, firstName: patch.firstName, lastName: patch.lastName, language: patch.language, phone: patch.phone },
      });
      return audited(tx, ctx, "user.profile_update", before);
    },
    { changesAccess: false },
  );
}
