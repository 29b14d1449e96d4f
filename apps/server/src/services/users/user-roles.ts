import type { UpdateUser } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { forbidden } from "../kernel/errors.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import type { Tx } from "../kernel/mutate.ts";
import { hashNewPassword } from "../settings/password-policy.ts";
import { assertCanGrant, resolveRoleIds } from "../roles/roles.ts";
import { assertNotLastAdmin } from "./admin-guard.ts";
import { writeProfile } from "./update-user.ts";
import { audited, loadForWrite, writeUser, type UserRef } from "./users.ts";
import type { UserRecord } from "./user-view.ts";

export async function addUserRole(ctx: ServiceContext, user: UserRef, role: string): Promise<UserRecord> {
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, user);
    if (!(await grantRoleIn(tx, ctx, before, role))) return before;
    return audited(tx, ctx, "user.role.grant", before, { granted: role });
  });
}

export async function removeUserRole(ctx: ServiceContext, user: UserRef, role: string): Promise<UserRecord> {
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, user);
    if (!(await revokeRoleIn(tx, ctx, before, role))) return before;
    return audited(tx, ctx, "user.role.revoke", before, { revoked: role });
  });
}

/**
 * A user's profile and whether they hold the admin role, in one
 * transaction, each change under its own rules (Pterodactyl's update with
 * `root_admin`): `admin` undefined leaves the role as it is.
 */
export async function updateUserAndAdminRole(ctx: ServiceContext, user: UserRef, patch: UpdateUser, admin: boolean | undefined): Promise<UserRecord> {
  const { password, ...profile } = patch;
  const passwordHash = password ? await hashNewPassword(ctx, password) : undefined;
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, user);
    await writeProfile(tx, ctx, before.user.id, profile, passwordHash);
    let roleChange = {};
    if (admin === true && (await grantRoleIn(tx, ctx, before, "admin"))) roleChange = { granted: "admin" };
    if (admin === false && (await revokeRoleIn(tx, ctx, before, "admin"))) roleChange = { revoked: "admin" };
    return audited(tx, ctx, "user.update", before, { passwordChanged: Boolean(passwordHash), ...roleChange });
  });
}

/**
 * Grants a role to a user locked by loadForWrite; false when they hold it
 * already. Needs `users:manage-roles`, whatever surface asks (a Pterodactyl
 * `root_admin`, a Pleroma permission group), and the caller must hold what it grants.
 */
async function grantRoleIn(tx: Tx, ctx: ServiceContext, before: UserRecord, role: string): Promise<boolean> {
  const [roleId] = await resolveRoleIds(tx, [role], "path.role");
  // Asking for what is already so (a client sending `root_admin` back) changes nothing and needs nothing.
  if (before.user.roles.includes(role)) return false;
  assertNeeds(ctx.actor, ["users:manage-roles"], "Granting a role");
  await assertCanGrant(tx, ctx.actor, [role]);
  await tx.userRole.create({ data: { userId: before.user.id, roleId: roleId! } });
  return true;
}

/**
 * Revokes a role from a user locked by loadForWrite; false when they do not
 * hold it. Nobody revokes their own admin role, and the last active
 * administrator keeps theirs.
 */
export async function revokeRoleIn(tx: Tx, ctx: ServiceContext, before: UserRecord, role: string): Promise<boolean> {
  const userId = before.user.id;
  const [roleId] = await resolveRoleIds(tx, [role], "path.role");
  if (!before.user.roles.includes(role)) return false;
  assertNeeds(ctx.actor, ["users:manage-roles"], "Revoking a role");
  await assertCanGrant(tx, ctx.actor, [role]);
  if (role === "admin") {
    assertNotSelf(ctx, userId);
    await assertNotLastAdmin(tx, userId, "revoke the admin role of");
  }
  await tx.userRole.delete({ where: { userId_roleId: { userId, roleId: roleId! } } });
  return true;
}

/**
 * An operator does not take away their own administration (a key acts for
 * its creator, so it cannot either): another administrator has to. Checked
 * here so that every surface that revokes roles inherits it.
 */
function assertNotSelf(ctx: ServiceContext, userId: string): void {
  if (ctx.actor.userId === userId) throw forbidden("You cannot revoke your own admin role; ask another administrator", "self_admin_revoke");
}
