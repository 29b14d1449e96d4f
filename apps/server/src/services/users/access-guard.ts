import { Prisma, prismaSql } from "@steward/db";
import type { Actor } from "../kernel/context.ts";
import { assertHolds, userPermissionsSql } from "../kernel/permissions.ts";
import type { UserRecord } from "./user-view.ts";

/** What the rank check needs of a target: who it is. */
export type ActedOn = { user: Pick<UserRecord["user"], "id" | "username"> };

/**
 * Nobody acts on an account that holds permissions they do not hold: a
 * moderator cannot reset an administrator's password, email or status, nor
 * can a key that only holds `users:update`. Every write on a user checks
 * this (loadForWrite), and so does ending their sessions (sessions.ts), so
 * every surface inherits it. Whatever the target's
 * status: reactivating a deactivated administrator is acting on one.
 */
export async function assertMayActOn(tx: Prisma.TransactionClient, actor: Actor, target: ActedOn): Promise<void> {
  assertHolds(actor, await permissionsHeldBy(tx, target.user.id), (lacking) => ({
    message: `You cannot change ${target.user.username}: they hold permissions you do not hold (${lacking.join(", ")})`,
    reason: "target_outranks_caller",
  }));
}

/** Every permission a user holds, through roles and directly (`*`: all); none for an account. */
export async function permissionsHeldBy(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
  const [row] = await prismaSql(tx).query<{ permissions: string[] }>(
    Prisma.sql`SELECT ${userPermissionsSql(Prisma.sql`${userId}::uuid`)} AS permissions`,
  );
  return row?.permissions ?? [];
}
