import type { User } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { conflict } from "../kernel/errors.ts";
import type { Tx } from "../kernel/mutate.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { assertNotLastAdmin } from "./admin-guard.ts";
import type { UserRecord } from "./user-view.ts";
import { audited, loadForWrite, revokeSessionsOf, writeUser, type UserRef } from "./users.ts";

type UserStatus = User["status"];

/** Activates or deactivates a user. */
export async function setUserStatus(ctx: ServiceContext, ref: UserRef, status: UserStatus): Promise<UserRecord> {
  assertNeeds(ctx.actor, ["users:update"], "Activating or deactivating a user");
  return writeUser(ctx, async (tx) => writeStatus(tx, ctx, await loadForWrite(tx, ctx, ref), status));
}

/** Flips a user between active and deactivated, decided on the locked row (Pleroma's toggle_activation). */
export async function toggleUserStatus(ctx: ServiceContext, ref: UserRef): Promise<UserRecord> {
  assertNeeds(ctx.actor, ["users:update"], "Activating or deactivating a user");
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, ref);
    return writeStatus(tx, ctx, before, before.user.status === "active" ? "deactivated" : "active");
  });
}

/** Deactivating ends the user's sessions, and is refused for oneself and for the last administrator. */
async function writeStatus(tx: Tx, ctx: ServiceContext, before: UserRecord, status: UserStatus): Promise<UserRecord> {
  const id = before.user.id;
  if (before.user.status === status) return before;
  if (status === "deactivated") {
    if (ctx.actor.userId === id) throw conflict("You cannot deactivate yourself", "self_deactivation");
    await assertNotLastAdmin(tx, id, "deactivate");
    await revokeSessionsOf(tx, ctx, id);
  }
  await tx.user.update({ where: { id }, data: { status } });
  return audited(tx, ctx, status === "active" ? "user.activate" : "user.deactivate", before);
}
