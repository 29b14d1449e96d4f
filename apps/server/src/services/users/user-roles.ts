import type { ServiceContext } from "../kernel/context.ts";
import { forbidden } from "../kernel/errors.ts";
import { assertCanGrant, resolveRoleIds } from "../roles.ts";
import { assertNotLastAdmin } from "./admin-guard.ts";
import { audited, loadForWrite, writeUser } from "./users.ts";
import type { UserRecord } from "./user-view.ts";

export async function addUserRole(ctx: ServiceContext, userId: string, role: string): Promise<UserRecord> {
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, userId);
    const [roleId] = await resolveRoleIds(tx, [role], "path.role");
    if (before.user.roles.includes(role)) return before;
    await assertCanGrant(tx, ctx.actor, [role]);
    await tx.userRole.create({ data: { userId, roleId } });
    return audited(tx, ctx, "user.role.grant", before, { granted: role });
  });
}

export async function removeUserRole(ctx: ServiceContext, userId: string, role: string): Promise<UserRecord> {
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, userId);
    const [roleId] = await resolveRoleIds(tx, [role], "path.role");
    if (!before.user.roles.includes(role)) return before;
    await assertCanGrant(tx, ctx.actor, [role]);
    if (role === "admin") {
      assertNotSelf(ctx, userId);
      await assertNotLastAdmin(tx, userId, "revoke the admin role of");
    }
    await tx.userRole.delete({ where: { userId_roleId: { userId, roleId } } });
    return audited(tx, ctx, "user.role.revoke", before, { revoked: role });
  });
}

/**
 * An operator does not take away their own administration (a key acts for
 * its creator, so it cannot either): another administrator has to. Checked
 * here so that every surface that revokes roles inherits it.
 */
function assertNotSelf(ctx: ServiceContext, userId: string): void {
  if (ctx.actor.userId === userId) throw forbidden("You cannot revoke your own admin role; ask another administrator", "self_admin_revoke");
}
