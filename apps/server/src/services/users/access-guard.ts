import { Prisma, prismaSql } from "@steward/db";
import { missingPermissions } from "@steward/contracts";
import type { Actor } from "../context.ts";
import { forbidden } from "../errors.ts";
import { userPermissionsSql } from "../permissions.ts";
import type { UserRecord } from "./user-view.ts";

/**
 * Nobody acts on an account that holds permissions they do not hold: a
 * moderator cannot reset an administrator's password, email or status, nor
 * can a key that only holds `users:update`. Every write on a user checks
 * this (loadForWrite), so every surface inherits it. Whatever the target's
 * status: reactivating a deactivated administrator is acting on one.
 */
export async function assertMayActOn(tx: Prisma.TransactionClient, actor: Actor, target: UserRecord): Promise<void> {
  const [row] = await prismaSql(tx).query<{ permissions: string[] }>(
    Prisma.sql`SELECT ${userPermissionsSql(Prisma.sql`${target.user.id}::uuid`)} AS permissions`,
  );
  const lacking = missingPermissions(actor.permissions, row?.permissions ?? []);
  if (lacking.length) {
    throw forbidden(
      `You cannot change ${target.user.username}: they hold permissions you do not hold (${lacking.join(", ")})`,
      "target_outranks_caller",
    );
  }
}
