import { Prisma } from "@steward/db";

/**
 * SQL for the permissions a user holds through their roles, as `text[]`
 * (may contain `*`). Written once: authentication, API keys (whose grant is
 * cut down to their creator's) and the rank check on writes all use it.
 */
export function userPermissionsSql(userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT DISTINCT p FROM user_roles ur JOIN roles r ON r.id = ur.role_id, unnest(r.permissions) p
    WHERE ur.user_id = ${userId} ORDER BY p)`;
}
