import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { assertNeeds } from "../../kernel/permissions.ts";
import { auditView, notifyTargetNotFound, writeTarget } from "./notify-targets.ts";

/**
 * Deletes a notify target (`settings:update`). Its pushes stay recorded,
 * under the name and URL they were made to (their target id is cleared).
 */
export async function deleteNotifyTarget(ctx: ServiceContext, id: string): Promise<void> {
  assertNeeds(ctx.actor, ["settings:update"], "Deleting a notify target");
  await writeTarget(ctx, async (tx) => {
    const [before] = await tx.$queryRaw<{ id: string; name: string; url: string; enabled: boolean }[]>`
      SELECT id::text AS id, name, url, enabled FROM notify_targets WHERE id = ${id}::uuid FOR UPDATE`;
    if (!before) throw notifyTargetNotFound();
    await tx.notifyTarget.delete({ where: { id } });
    await recordAudit(tx, ctx, { action: "notify_target.delete", targetType: "notify_target", targetId: id, before: auditView(before) });
  });
}
