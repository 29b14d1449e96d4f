import type { CreateRole, Role } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { assertKnownPermissions, assertMayGive, assertNeeds } from "../kernel/permissions.ts";
import { assertRoleNameFree, toRole, writeRole } from "./roles.ts";

/**
 * Creates a custom role: `roles:manage`, permissions from the vocabulary
 * only, and none the caller does not hold. Nobody holds it yet, so no
 * credential changes.
 */
export async function createRole(ctx: ServiceContext, input: CreateRole): Promise<Role> {
  assertNeeds(ctx.actor, ["roles:manage"], "Creating a role");
  assertKnownPermissions(input.permissions);
  assertMayGive(ctx.actor, input.permissions, `Creating role ${input.name}`);
  return writeRole(
    ctx,
    async (tx) => {
      await assertRoleNameFree(tx, input.name);
      const created = toRole(
        await tx.role.create({ data: { name: input.name, description: input.description ?? null, permissions: [...new Set(input.permissions)].sort() } }),
      );
      await recordAudit(tx, ctx, { action: "role.create", targetType: "role", targetId: created.id, after: created });
      return created;
    },
    false,
  );
}
