import type { Prisma } from "@steward/db";
import { conflict } from "../errors.ts";

/**
 * Refuses a change that would leave the platform with no active user holding
 * the admin role: nobody could administer it any more.
 */
export async function assertNotLastAdmin(tx: Prisma.TransactionClient, userId: string, doing: string): Promise<void> {
  const rows = await tx.$queryRaw<{ is_admin: boolean; others: bigint }[]>`
    SELECT
      EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
              WHERE ur.user_id = ${userId}::uuid AND r.name = 'admin') AS is_admin,
      (SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id
       WHERE r.name = 'admin' AND u.status = 'active' AND u.id <> ${userId}::uuid) AS others`;
  const row = rows[0];
  if (row?.is_admin && Number(row.others) === 0) {
    throw conflict(`Cannot ${doing} the last active administrator`, "last_admin");
  }
}
