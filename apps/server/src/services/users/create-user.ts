import type { CreateUser } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import type { Tx } from "../kernel/mutate.ts";
import { hashNewPassword } from "../settings/password-policy.ts";
import { assertRegistrationOpen } from "../settings/registration.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { assertCanGrant, resolveRoleIds } from "../roles/roles.ts";
import type { UserRecord } from "./user-view.ts";
import { assertUnique, newUserColumns, reload, writeUser } from "./users.ts";

/** What creating a user needs: `users:create`, and `users:manage-roles` to give it roles (as granting them later would). */
export function assertMayCreateUser(ctx: ServiceContext, input: Pick<CreateUser, "roles">): void {
  assertNeeds(ctx.actor, input.roles?.length ? ["users:create", "users:manage-roles"] : ["users:create"], "Creating a user");
}

export async function createUser(ctx: ServiceContext, input: CreateUser): Promise<UserRecord> {
  // Before the password is hashed (argon2 is the costly part); createUserIn checks again for its other callers.
  assertMayCreateUser(ctx, input);
  await assertRegistrationOpen(ctx);
  const passwordHash = input.password ? await hashNewPassword(ctx, input.password) : null;
  return writeUser(ctx, (tx) => createUserIn(tx, ctx, input, passwordHash), { changesAccess: false });
}

/** `createUser` inside the caller's transaction (the password already hashed), for writes that make a user along with something else. */
export async function createUserIn(tx: Tx, ctx: ServiceContext, input: CreateUser, passwordHash: string | null): Promise<UserRecord> {
  assertMayCreateUser(ctx, input);
  await assertRegistrationOpen({ db: tx, settings: ctx.settings });
  await assertUnique(tx, input);
  const roleIds = input.roles?.length ? await resolveRoleIds(tx, input.roles) : [];
  if (roleIds.length) await assertCanGrant(tx, ctx.actor, input.roles!);
  const created = await tx.user.create({
    data: {
      ...newUserColumns(input),
      passwordHash,
      roles: { create: roleIds.map((roleId) => ({ roleId })) },
    },
    select: { id: true },
  });
  const after = await reload(tx, created.id);
  await recordAudit(tx, ctx, { action: "user.create", targetType: "user", targetId: created.id, after: after.user });
  return after;
}
