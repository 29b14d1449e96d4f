import type { Role, UpdateRole } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { bumpVersions } from "../kernel/mutate.ts";
import { assertKnownPermissions, assertMayGive, assertNeeds } from "../kernel/permissions.ts";
import { assertRoleNameFree, loadCustomRoleForWrite, toRole, writeRole } from "./roles.ts";

/**
 * Renames a custom role, or changes what it grants, for every holder at
 * once. The caller must hold what it grants before (narrowing a role
 * demotes its holders) and after (widening it promotes them). A rename
 * changes each holder's representation, so their versions (ETags) move.
 */
export async function updateRole(ctx: ServiceContext, id: string, patch: UpdateRole): Promise<Role> {
  assertNeeds(ctx.actor, ["roles:manage"], "Changing a role");
  if (patch.permissions) assertKnownPermissions(patch.permissions);
  return writeRole(
    ctx,
    async (tx) => {
      const before = await loadCustomRoleForWrite(tx, id);
      assertMayGive(ctx.actor, [...before.permissions, ...(patch.permissions ?? [])], `Changing role ${before.name}`);
      if (patch.name !== undefined && patch.name !== before.name) await assertRoleNameFree(tx, patch.name);
      const after = toRole(
        await tx.role.update({
          where: { id },
          data: {
            name: patch.name,
            description: patch.description,
            ...(patch.permissions ? { permissions: [...new Set(patch.permissions)].sort() } : {}),
          },
        }),
      );
      if (after.name !== before.name) {
        const holders = await tx.userRole.findMany({ where: { roleId: id }, select: { userId: true } });
        await bumpVersions(tx, "users", holders.map((holder) => holder.userId));
      }
      await recordAudit(tx, ctx, { action: "role.update", targetType: "role", targetId: id, before: toRole(before), after });
      return after;
    },
    // What its holders may do changes with its permissions.
    patch.permissions !== undefined,
  );
}
