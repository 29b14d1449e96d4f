import { ALL_PERMISSIONS, WILDCARD_PERMISSION } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import type { Tx } from "../kernel/mutate.ts";
import { assertKnownPermissions, assertMayGive, assertNeeds } from "../kernel/permissions.ts";
import { asOperator, operatorNotFound, type OperatorRecord } from "../operators/operators.ts";
import { permissionsHeldBy } from "./access-guard.ts";
import { revokeRoleIn } from "./user-roles.ts";
import type { UserRecord } from "./user-view.ts";
import { audited, dedupe, loadForWrite, writeUser, type UserRef } from "./users.ts";

export interface SetPermissionsOptions {
  /**
   * Speak for these permissions only, and make what the user holds of them
   * exactly `permissions` (Pryv's admin API: what a client puts it reads
   * back): roles granting any of them beyond the new set are revoked, under
   * the rules of every revocation, and the rest becomes the user's own. The
   * user's other permissions stay. Without it, the user's own permissions
   * are replaced and their roles stay.
   */
  within?: readonly string[];
  /** Set only an operator's (Pryv's admin users): an account is 404 `operator_not_found`. */
  onlyOperator?: boolean;
}

/**
 * Sets what a user holds directly. Needs `users:manage-roles` (what changes
 * what a user may do); the caller must hold what the user holds (the rank
 * rule of every write on a user) and what they give (403 `permission_not_held`).
 */
export async function setUserPermissions(ctx: ServiceContext, ref: UserRef, permissions: readonly string[], options: SetPermissionsOptions = {}): Promise<OperatorRecord> {
  assertNeeds(ctx.actor, ["users:manage-roles"], "Setting a user's permissions");
  assertKnownPermissions(permissions);
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, ref);
    assertMayGive(ctx.actor, permissions, "Giving these permissions");
    if (options.onlyOperator && (await permissionsHeldBy(tx, before.user.id)).length === 0) throw operatorNotFound();
    const { direct, revoked } = options.within
      ? await exactlyWithin(tx, ctx, before, dedupe([...permissions]), options.within)
      : { direct: dedupe([...permissions]), revoked: [] };
    await tx.user.update({ where: { id: before.user.id }, data: { directPermissions: direct } });
    const after = await audited(tx, ctx, "user.permissions.set", before, revoked.length ? { revokedRoles: revoked } : undefined);
    return asOperator({ ...after, permissions: await permissionsHeldBy(tx, before.user.id) });
  });
}

/**
 * The own permissions and role revocations that make what `before` holds
 * of `within` exactly `wanted`, keeping the rest of what they hold.
 */
async function exactlyWithin(tx: Tx, ctx: ServiceContext, before: UserRecord, wanted: string[], within: readonly string[]): Promise<{ direct: string[]; revoked: string[] }> {
  const expand = (held: readonly string[]) => (held.includes(WILDCARD_PERMISSION) ? [...ALL_PERMISSIONS] : [...held]);
  const held = expand(await permissionsHeldBy(tx, before.user.id));
  const target = new Set([...held.filter((p) => !within.includes(p)), ...expand(wanted)]);
  const roles = await tx.role.findMany({ where: { name: { in: before.user.roles } }, select: { name: true, permissions: true } });
  const revoked: string[] = [];
  const kept = new Set<string>();
  for (const role of roles) {
    if (expand(role.permissions).every((p) => target.has(p))) role.permissions.forEach((p) => kept.add(p));
    else if (await revokeRoleIn(tx, ctx, before, role.name)) revoked.push(role.name);
  }
  const byRoles = expand([...kept]);
  const direct = wanted.includes(WILDCARD_PERMISSION) ? [WILDCARD_PERMISSION] : [...target].filter((p) => !byRoles.includes(p));
  return { direct: dedupe(direct), revoked };
}
