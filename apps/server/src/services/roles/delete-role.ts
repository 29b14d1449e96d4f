import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { conflict } from "../kernel/errors.ts";
import { assertMayGive, assertNeeds } from "../kernel/permissions.ts";
import { loadCustomRoleForWrite, toRole, writeRole } from "./roles.ts";

/**
 * Deletes a custom role nobody holds. While anyone does, it is refused
 * (409 `role_in_use`, saying how many): nobody loses access without an
 * audited revocation. The role is locked first, so a grant in progress
 * (which key-share locks it) finishes and is counted, or waits and then
 * finds no such role.
 */
export async function deleteRole(ctx: ServiceContext, id: string): Promise<void> {
  assertNeeds(ctx.actor, ["roles:manage"], "Deleting a role");
  await writeRole(
    ctx,
    async (tx) => {
      const before = await loadCustomRoleForWrite(tx, id);
      assertMayGive(ctx.actor, before.permissions, `Deleting role ${before.name}`);
      const holders = await tx.userRole.count({ where: { roleId: id } });
      if (holders > 0) {
        throw conflict(`${before.name} is held by ${holders} user${holders === 1 ? "" : "s"}; revoke it first`, "role_in_use");
      }
      await tx.role.delete({ where: { id } });
      await recordAudit(tx, ctx, { action: "role.delete", targetType: "role", targetId: id, before: toRole(before) });
    },
    false,
  );
}
