import { NOTIFY_SIGNATURE_HEADER, NOTIFY_TARGET_HEADER, type NotifyFailure, type NotifySuccess, type PushResult } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ServiceError } from "../../kernel/errors.ts";
import { mutate } from "../../kernel/mutate.ts";
import { assertNeeds } from "../../kernel/permissions.ts";
import { SETTINGS_ID, readSettingsDocument } from "../platform-settings.ts";
import { deliver, type Delivery } from "./deliver.ts";
import { openSecret } from "./notify-targets.ts";
import { signatureHeader } from "./sign.ts";

export interface PushSettingsInput {
  /** Names of the targets to push to; empty or absent: every enabled target. */
  targets?: string[];
}

interface Target {
  id: string;
  name: string;
  url: string;
  secret: string;
  enabled: boolean;
}

/**
 * Pushes the platform settings document (as `GET /settings` reads it, plus
 * `pushedAt`) to notify targets, all at once, each POST signed with its
 * target's secret (sign.ts), bounded by `settings.notify.timeoutMs`, no
 * redirect followed (deliver.ts). Needs `settings:update`. Named targets
 * must all exist (422 `unknown_notify_target`) and be enabled (422
 * `notify_target_disabled`), or nothing is pushed. Once every push is over
 * (no transaction is held open across them), one `notify_pushes` row per
 * target and one `settings.notify` audit event with each outcome are
 * written together. The answer lists successes and failures by name.
 *
 * Every surface pushes through here: `/api/v1/settings/notify` and the Pryv
 * dialect's `/admin/notify`.
 */
export async function pushSettings(ctx: ServiceContext, input: PushSettingsInput = {}): Promise<PushResult> {
  assertNeeds(ctx.actor, ["settings:update"], "Pushing the settings");
  const targets = await chosenTargets(ctx, input.targets ?? []);
  const document = await readSettingsDocument(ctx);
  if (targets.length === 0) return { revision: document.revision, successes: [], failures: [] };

  const pushedAt = ctx.clock.now();
  const body = JSON.stringify({ ...document, pushedAt: pushedAt.toISOString() });
  const timestamp = Math.floor(pushedAt.getTime() / 1000);
  const outcomes = await Promise.all(
    targets.map(async (target): Promise<{ target: Target; delivery: Delivery }> => {
      const secret = openSecret(ctx, target.id, target.secret);
      if (secret === null) return { target, delivery: { ok: false, httpStatus: null, error: "secret unreadable (encryption key missing): rotate it", durationMs: 0 } };
      const delivery = await deliver(ctx.clock, {
        url: target.url,
        body,
        timeoutMs: ctx.settings.notify.timeoutMs,
        headers: {
          "content-type": "application/json",
          "user-agent": `Steward/${ctx.settings.version}`,
          [NOTIFY_SIGNATURE_HEADER]: signatureHeader(secret, timestamp, body),
          [NOTIFY_TARGET_HEADER]: target.name,
        },
      });
      return { target, delivery };
    }),
  );

  const successes: NotifySuccess[] = [];
  const failures: NotifyFailure[] = [];
  for (const { target, delivery } of outcomes) {
    const { name, url } = target;
    if (delivery.ok) successes.push({ name, url, httpStatus: delivery.httpStatus!, durationMs: delivery.durationMs });
    else failures.push({ name, url, httpStatus: delivery.httpStatus, error: delivery.error ?? "failed", durationMs: delivery.durationMs });
    ctx.log.info(delivery.ok ? "settings pushed" : "settings push failed", {
      requestId: ctx.meta.requestId,
      target: name,
      revision: document.revision,
      httpStatus: delivery.httpStatus,
      error: delivery.error,
      ms: delivery.durationMs,
    });
  }
  const result = { revision: document.revision, successes, failures };

  await mutate(
    ctx,
    async (tx) => {
      // A target deleted while its push was under way keeps its record, without the link.
      const still = new Set(
        (await tx.notifyTarget.findMany({ where: { id: { in: targets.map((t) => t.id) } }, select: { id: true } })).map((row) => row.id),
      );
      await tx.notifyPush.createMany({
        data: outcomes.map(({ target, delivery }) => ({
          targetId: still.has(target.id) ? target.id : null,
          targetName: target.name,
          url: target.url,
          revision: document.revision,
          ok: delivery.ok,
          httpStatus: delivery.httpStatus,
          error: delivery.error,
          durationMs: delivery.durationMs,
          actorId: ctx.actor.id,
          at: pushedAt,
        })),
      });
      await recordAudit(tx, ctx, { action: "settings.notify", targetType: "settings", targetId: SETTINGS_ID, after: result });
    },
    { changesAccess: false },
  );
  return result;
}

/**
 * The targets named (each must exist and be enabled), or every enabled one
 * when none is named; by name.
 */
async function chosenTargets(ctx: ServiceContext, names: string[]): Promise<Target[]> {
  const select = { id: true, name: true, url: true, secret: true, enabled: true } as const;
  if (names.length === 0) return ctx.db.notifyTarget.findMany({ where: { enabled: true }, select, orderBy: { name: "asc" } });
  const wanted = [...new Set(names)];
  const found = await ctx.db.notifyTarget.findMany({ where: { name: { in: wanted } }, select, orderBy: { name: "asc" } });
  const unknown = wanted.filter((name) => !found.some((target) => target.name === name));
  if (unknown.length) throw refusedTargets(unknown, "Unknown notify target", "unknown_notify_target");
  const disabled = found.filter((target) => !target.enabled).map((target) => target.name);
  if (disabled.length) throw refusedTargets(disabled, "Disabled notify target", "notify_target_disabled");
  return found;
}

function refusedTargets(names: string[], what: string, reason: string): ServiceError {
  const message = `${what}${names.length > 1 ? "s" : ""}: ${names.join(", ")}`;
  return new ServiceError("unprocessable_entity", message, { reason, fields: [{ path: "body.targets", message, code: reason }] });
}
