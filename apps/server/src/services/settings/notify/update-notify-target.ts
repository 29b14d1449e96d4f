import type { UpdateNotifyTarget, UpdatedNotifyTarget } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { assertNeeds } from "../../kernel/permissions.ts";
import {
  assertNotifyUrl,
  assertTargetNameFree,
  auditView,
  generateNotifySecret,
  notifyTargetNotFound,
  readTarget,
  sealSecret,
  writeTarget,
} from "./notify-targets.ts";

/**
 * Renames a target, moves it, enables or disables it, or rotates its secret
 * (`settings:update`): a rotated secret is generated, answered this once,
 * and signs every push from now on. The row is locked for the change; the
 * audit event says a secret was rotated, never what it is.
 */
export async function updateNotifyTarget(ctx: ServiceContext, id: string, patch: UpdateNotifyTarget): Promise<UpdatedNotifyTarget> {
  assertNeeds(ctx.actor, ["settings:update"], "Changing a notify target");
  if (patch.url !== undefined) assertNotifyUrl(patch.url);
  const secret = patch.rotateSecret ? generateNotifySecret() : undefined;
  const target = await writeTarget(ctx, async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM notify_targets WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notifyTargetNotFound();
    const before = await readTarget(tx, id);
    if (patch.name !== undefined && patch.name !== before.name) await assertTargetNameFree(tx, patch.name);
    await tx.notifyTarget.update({
      where: { id },
      data: {
        name: patch.name,
        url: patch.url,
        enabled: patch.enabled,
        ...(secret === undefined ? {} : { secret: sealSecret(ctx, id, secret) }),
        updatedAt: ctx.clock.now(),
      },
    });
    const after = await readTarget(tx, id);
    await recordAudit(tx, ctx, {
      action: "notify_target.update",
      targetType: "notify_target",
      targetId: id,
      before: auditView(before),
      after: { ...auditView(after), ...(secret === undefined ? {} : { secretRotated: true }) },
    });
    return after;
  });
  return secret === undefined ? target : { ...target, secret };
}
