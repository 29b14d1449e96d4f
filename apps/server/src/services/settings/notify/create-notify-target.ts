import { randomUUID } from "node:crypto";
import type { CreateNotifyTarget, CreatedNotifyTarget } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { assertNeeds } from "../../kernel/permissions.ts";
import {
  assertChosenSecret,
  assertNotifyUrl,
  assertTargetNameFree,
  auditView,
  generateNotifySecret,
  readTarget,
  sealSecret,
  writeTarget,
} from "./notify-targets.ts";

/**
 * Registers a notify target (`settings:update`). Its secret is the caller's
 * (at least 16 characters) or generated, sealed to its row, and answered
 * this once; the audit event never holds it.
 */
export async function createNotifyTarget(ctx: ServiceContext, input: CreateNotifyTarget): Promise<CreatedNotifyTarget> {
  assertNeeds(ctx.actor, ["settings:update"], "Registering a notify target");
  assertNotifyUrl(input.url);
  if (input.secret !== undefined) assertChosenSecret(input.secret);
  const secret = input.secret ?? generateNotifySecret();
  const id = randomUUID();
  const target = await writeTarget(ctx, async (tx) => {
    await assertTargetNameFree(tx, input.name);
    const now = ctx.clock.now();
    await tx.notifyTarget.create({
      data: { id, name: input.name, url: input.url, secret: sealSecret(ctx, id, secret), enabled: input.enabled ?? true, createdAt: now, updatedAt: now },
    });
    const created = await readTarget(tx, id);
    await recordAudit(tx, ctx, { action: "notify_target.create", targetType: "notify_target", targetId: id, after: auditView(created) });
    return created;
  });
  return { ...target, secret };
}
