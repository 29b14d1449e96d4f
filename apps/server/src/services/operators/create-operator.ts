import type { CreateOperator } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import { hashNewPassword } from "../settings/password-policy.ts";
import { assertRegistrationOpen } from "../settings/registration.ts";
import { assertKnownPermissions, assertMayGive, assertNeeds } from "../kernel/permissions.ts";
import { assertUnique, dedupe, reload, writeUser } from "../users/users.ts";
import { readOperator, type OperatorRecord } from "./operators.ts";

/**
 * Makes an operator: a user holding the permissions given as their own.
 * Needs `operators:create`, and every permission given (403
 * `permission_not_held`): the rank rule of every grant. At least one, or it
 * would be an account (400 `no_permissions`).
 */
export async function createOperator(ctx: ServiceContext, input: CreateOperator): Promise<OperatorRecord> {
  assertNeeds(ctx.actor, ["operators:create"], "Creating an operator");
  const permissions = dedupe(input.permissions);
  if (permissions.length === 0) {
    throw new ServiceError("bad_request", "An operator holds at least one permission", {
      reason: "no_permissions",
      fields: [{ path: "body.permissions", message: "Give at least one permission", code: "too_small" }],
    });
  }
  assertKnownPermissions(permissions);
  assertMayGive(ctx.actor, permissions, "Creating this operator");
  await assertRegistrationOpen(ctx);
  const passwordHash = input.password ? await hashNewPassword(ctx, input.password) : null;
  const id = await writeUser(ctx, async (tx) => {
    await assertUnique(tx, input);
    const created = await tx.user.create({
      data: { username: input.username, email: input.email ?? null, displayName: input.displayName ?? null, passwordHash, directPermissions: permissions },
      select: { id: true },
    });
    const after = await reload(tx, created.id);
    await recordAudit(tx, ctx, { action: "user.create", targetType: "user", targetId: created.id, after: after.user });
    return created.id;
  }, { changesAccess: false });
  return readOperator(ctx, id);
}
