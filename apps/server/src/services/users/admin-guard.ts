import type { Prisma } from "@steward/db";
import { conflict } from "../kernel/errors.ts";

/**
 * Transaction-scoped advisory lock taken by every change that can remove an
 * administrator (role revoked, deactivated, deleted). Siblings: 7305533
 * (migrations), 7305534 (first-start bootstrap).
 */
const ADMIN_GUARD_LOCK = 7305535;

/**
 * Refuses a change that would leave the platform with no active user holding
 * the admin role: nobody could administer it any more.
 *
 * Call it with the target's row locked (loadForWrite), before the change.
 * Two such changes on two administrators would each count the other and
 * both pass; the lock makes them take turns, and the second one counts after
 * the first has committed (READ COMMITTED: each statement sees what is
 * committed when it starts).
 */
export async function assertNotLastAdmin(tx: Prisma.TransactionClient, userId: string, doing: string): Promise<void> {
  const [target] = await tx.$queryRaw<{ is_admin: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                   WHERE ur.user_id = ${userId}::uuid AND r.name = 'admin') AS is_admin`;
  // Nobody else can grant or revoke this user's roles meanwhile: they would need its row lock.
  if (!target?.is_admin) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_GUARD_LOCK})`;
  const [row] = await tx.$queryRaw<{ others: bigint }[]>`
    SELECT count(*) AS others FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id
    WHERE r.name = 'admin' AND u.status = 'active' AND u.id <> ${userId}::uuid`;
  if (Number(row?.others ?? 0) === 0) throw conflict(`Cannot ${doing} the last active administrator`, "last_admin");
}
