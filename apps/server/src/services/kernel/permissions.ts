import { Prisma } from "@steward/db";
import { ALL_PERMISSIONS, WILDCARD_PERMISSION, missingPermissions, type Permission } from "@steward/contracts";
import type { Actor } from "./context.ts";
import { ServiceError, forbidden } from "./errors.ts";

/**
 * SQL for the permissions a user holds, through their roles and directly,
 * as `text[]` (may contain `*`). Written once: authentication, API keys
 * (whose grant is cut down to their creator's) and the rank check on writes
 * all use it.
 */
export function userPermissionsSql(userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT DISTINCT p FROM (
      SELECT unnest(r.permissions) AS p FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ${userId}
      UNION ALL SELECT unnest(d.direct_permissions) FROM users d WHERE d.id = ${userId}) granted ORDER BY p)`;
}

/**
 * SQL for the ids of the users who hold some permission: operators (Pryv's
 * admin users), as opposed to accounts, which hold none. Gathered from the
 * few who do (a partial index, the roles' holders), never by testing every user.
 */
export const OPERATOR_IDS_SQL = Prisma.sql`(SELECT d.id FROM users d WHERE cardinality(d.direct_permissions) > 0
  UNION SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE cardinality(r.permissions) > 0)`;

/** SQL for the names of the roles a user holds, as `text[]`, sorted. */
export function userRoleNamesSql(userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ${userId} ORDER BY r.name)`;
}

/**
 * Nobody hands on more than they hold: refuses (403, with `reason`) when the
 * actor's permissions do not cover `wanted`. The one check behind granting
 * roles, minting API keys and acting on a user.
 */
export function assertHolds(actor: Actor, wanted: readonly string[], refusal: (lacking: string[]) => { message: string; reason: string }): void {
  const lacking = missingPermissions(actor.permissions, wanted);
  if (lacking.length === 0) return;
  const { message, reason } = refusal(lacking);
  throw forbidden(message, reason);
}

/**
 * What a use case needs of its caller for the input it was given (creating
 * a user: `users:create`; with roles: `users:manage-roles` too), checked by
 * the use case itself, so no surface opens it wider than another: a route's
 * declared permission only refuses earlier. 403 `missing_permission`, as
 * the route's own check answers.
 */
export function assertNeeds(actor: Actor, needed: readonly Permission[], doing: string): void {
  const lacking = missingPermissions(actor.permissions, needed);
  if (lacking.length === 0) return;
  throw forbidden(`${doing} needs the permission${lacking.length > 1 ? "s" : ""} ${lacking.join(", ")}`, "missing_permission");
}

/** Permissions outside the vocabulary are a 422 naming them, at `field`; `*` is all of them. */
export function assertKnownPermissions(permissions: readonly string[], field = "body.permissions"): void {
  const known = new Set<string>([...ALL_PERMISSIONS, WILDCARD_PERMISSION]);
  const unknown = [...new Set(permissions.filter((permission) => !known.has(permission)))];
  if (unknown.length === 0) return;
  throw new ServiceError("unprocessable_entity", `Unknown permission: ${unknown.join(", ")}`, {
    reason: "unknown_permission",
    fields: [{ path: field, message: `Unknown permission: ${unknown.join(", ")}`, code: "unknown_permission" }],
  });
}

/**
 * Nobody gives more than they hold: making, widening, narrowing or deleting
 * a role, or setting a user's own permissions, needs every permission
 * concerned (403 `permission_not_held`).
 */
export function assertMayGive(actor: Actor, permissions: readonly string[], doing: string): void {
  assertHolds(actor, permissions, (lacking) => ({
    message: `${doing} needs permissions you do not hold: ${lacking.join(", ")}`,
    reason: "permission_not_held",
  }));
}

/** The early refusal of a use case whose need depends on its target: the caller holds none of `needed` (403 `missing_permission`). */
export function assertNeedsOneOf(actor: Actor, needed: readonly Permission[], doing: string): void {
  if (needed.some((permission) => missingPermissions(actor.permissions, [permission]).length === 0)) return;
  throw forbidden(`${doing} needs one of the permissions ${needed.join(", ")}`, "missing_permission");
}
