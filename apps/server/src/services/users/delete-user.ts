import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds, assertNeedsOneOf } from "../kernel/permissions.ts";
import { operatorNotFound } from "../operators/operators.ts";
import { permissionsHeldBy } from "./access-guard.ts";
import { revokeInvitesWithUser } from "../invites/revoke-with-user.ts";
import { assertNotLastAdmin } from "./admin-guard.ts";
import { releaseResources } from "./resource-guard.ts";
import type { UserRecord } from "./user-view.ts";
import { loadForWrite, writeUser, type UserRef, type WriteGuard } from "./users.ts";

export interface DeleteUserOptions extends WriteGuard {
  /**
   * Detach the resources attached to the user (each detachment audited)
   * and delete; without it, a user with resources attached is not deleted
   * (409 `resources_attached`).
   */
  detachResources?: boolean;
  /** Delete only an operator (Pryv's admin users): an account is 404 `operator_not_found`. */
  onlyOperator?: boolean;
}

/**
 * Deletes a user for good; answers them as they were. An account needs
 * `users:delete`; an operator (who holds permissions) `operators:delete`,
 * whatever surface asks: who runs the platform is a power of its own.
 */
export async function deleteUser(ctx: ServiceContext, ref: UserRef, options: DeleteUserOptions = {}): Promise<UserRecord> {
  assertNeedsOneOf(ctx.actor, ["users:delete", "operators:delete"], "Deleting a user");
  return writeUser(ctx, async (tx) => {
    // Locked first: no resource is attached between the check and the delete (attaching locks the user too).
    const before = await loadForWrite(tx, ctx, ref, options);
    const id = before.user.id;
    const operator = (await permissionsHeldBy(tx, id)).length > 0;
    if (options.onlyOperator && !operator) throw operatorNotFound();
    assertNeeds(ctx.actor, [operator ? "operators:delete" : "users:delete"], operator ? "Deleting an operator" : "Deleting an account");
    await assertNotLastAdmin(tx, id, "delete");
    await releaseResources(tx, ctx, before.user, options.detachResources ?? false);
    // Their keys stop working with them (authentication needs an active creator); say so in the list too.
    await tx.apiKey.updateMany({ where: { createdById: id, revokedAt: null }, data: { revokedAt: ctx.clock.now() } });
    await revokeInvitesWithUser(tx, ctx, id);
    await tx.user.delete({ where: { id } });
    await recordAudit(tx, ctx, { action: "user.delete", targetType: "user", targetId: id, before: before.user });
    return before;
  });
}
