import { Prisma } from "@steward/db";
import { missingPermissions, type Permission } from "@steward/contracts";
import type { Actor } from "./context.ts";
import { forbidden } from "./errors.ts";

/**
 * SQL for the permissions a user holds through their roles, as `text[]`
 * (may contain `*`). Written once: authentication, API keys (whose grant is
 * cut down to their creator's) and the rank check on writes all use it.
 */
export function userPermissionsSql(userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT DISTINCT p FROM user_roles ur JOIN roles r ON r.id = ur.role_id, unnest(r.permissions) p
    WHERE ur.user_id = ${userId} ORDER BY p)`;
}

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
