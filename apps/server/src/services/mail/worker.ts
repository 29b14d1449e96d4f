import type { MailTransport } from "../../lib/mail-transport.ts";
import type { Timer } from "../kernel/clock.ts";
import { systemContext, type Deps, type ServiceContext } from "../kernel/context.ts";
import { TOKEN_PREFIX } from "../kernel/secrets.ts";
import { openBody } from "./outbox.ts";
import { readPlatformSettings } from "../settings/platform-settings.ts";

/** Sends tried at most; a message whose last one fails is `failed` and stays listed with its error. */
export const MAX_ATTEMPTS = 6;
/** Wait after the first failure; each later one doubles it (30 s, 1, 2, 4, 8 min). */
export const BASE_BACKOFF_MS = 30_000;
/** A claimed message is not taken again for this long, so a crashed sender's messages are retried, not lost. */
export const CLAIM_LEASE_MS = 10 * 60_000;
const BATCH_SIZE = 20;
const MAX_ERROR_LENGTH = 300;

export interface MailWorkerOptions {
  transport: MailTransport;
  /** Milliseconds between rounds. */
  intervalMs: number;
}

export interface MailWorker {
  /** One round now: claims the due messages and sends them; says how many were sent and how many failed. */
  runOnce(): Promise<RoundResult>;
  /** Stops the rounds and waits for the one in progress. */
  stop(): Promise<void>;
}

export interface RoundResult {
  sent: number;
  failed: number;
}

interface ClaimedRow {
  id: string;
  to: string;
  subject: string;
  body_sealed: string;
  kind: string;
  attempts: number;
}

/**
 * Sends the outbox in rounds, every `intervalMs`. Any number of instances
 * may run: a round claims due `pending` messages with FOR UPDATE SKIP
 * LOCKED and leases them (next_attempt_at moves ahead) in a short
 * transaction, then sends outside it, so no transaction waits on SMTP.
 * A failed send is retried with exponential backoff until MAX_ATTEMPTS.
 */
export function startMailWorker(deps: Deps, options: MailWorkerOptions): MailWorker {
  const ctx = systemContext(deps);
  const log = deps.log.child({ component: "mail" });
  let stopped = false;
  let current: Promise<RoundResult> | null = null;
  let timer: Timer | undefined;

  const runOnce = (): Promise<RoundResult> => {
    // One round at a time in this instance.
    current ??= deliverDue(ctx, options.transport, log).finally(() => (current = null));
    return current;
  };
  // Through the services' clock, so tests run rounds by moving time.
  const schedule = () => {
    if (stopped) return;
    timer = deps.clock.after(options.intervalMs, async () => {
      try {
        await runOnce();
      } catch (error) {
        log.warn("mail round failed; retrying next round", { error });
      }
      schedule();
    });
  };
  log.info("mail worker started", { delivery: options.transport.description, intervalMs: options.intervalMs });
  schedule();
  return {
    runOnce,
    async stop() {
      stopped = true;
      timer?.cancel();
      await current?.catch(() => {});
      options.transport.close();
    },
  };
}

async function deliverDue(ctx: ServiceContext, transport: MailTransport, log: Deps["log"]): Promise<RoundResult> {
  const result: RoundResult = { sent: 0, failed: 0 };
  const rows = await claimDue(ctx);
  // The sender as the settings say now: one read per round, none when there is nothing to send.
  const from = rows.length ? (await readPlatformSettings(ctx)).mail.from : "";
  for (const row of rows) {
    const now = () => ctx.clock.now();
    try {
      const body = openBody(ctx, row.body_sealed);
      await transport.send({ from, to: row.to, subject: row.subject, ...body });
      await ctx.db.outboxMessage.update({
        where: { id: row.id },
        data: { status: "sent", attempts: row.attempts + 1, sentAt: now(), nextAttemptAt: null, lastError: null },
      });
      result.sent++;
      log.info("mail sent", { messageId: row.id, kind: row.kind, delivery: transport.description });
    } catch (error) {
      const attempts = row.attempts + 1;
      const final = attempts >= MAX_ATTEMPTS;
      const lastError = shortError(error);
      await ctx.db.outboxMessage.update({
        where: { id: row.id },
        data: final
          ? { status: "failed", attempts, nextAttemptAt: null, lastError }
          : { attempts, nextAttemptAt: new Date(now().getTime() + backoffMs(attempts)), lastError },
      });
      if (final) result.failed++;
      log.warn(final ? "mail failed: giving up" : "mail send failed: will retry", { messageId: row.id, kind: row.kind, attempts, error: lastError });
    }
  }
  return result;
}

/** Takes the due pending messages no other instance holds, and leases them. */
async function claimDue(ctx: ServiceContext): Promise<ClaimedRow[]> {
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<ClaimedRow[]>`
      SELECT id::text AS id, "to", subject, body_sealed, kind, attempts FROM outbox_messages
      WHERE status = 'pending' AND next_attempt_at <= ${now}::timestamptz
      ORDER BY next_attempt_at, id
      LIMIT ${BATCH_SIZE}
      FOR UPDATE SKIP LOCKED`;
    if (rows.length > 0) {
      const leasedUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
      await tx.$executeRaw`UPDATE outbox_messages SET next_attempt_at = ${leasedUntil}::timestamptz WHERE id = ANY(${rows.map((r) => r.id)}::uuid[])`;
    }
    return rows;
  });
}

/** How long to wait after the `attempts`-th failure. */
export function backoffMs(attempts: number): number {
  return BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1);
}

/** One line, short, without credentials or invite tokens, for the outbox and the log. */
export function shortError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cleaned = message
    .replace(/\s+/g, " ")
    .replace(/(\w+:\/\/)[^@\s/]*@/g, "$1***@")
    .replace(new RegExp(`${TOKEN_PREFIX.invite}[A-Za-z0-9_-]+`, "g"), `${TOKEN_PREFIX.invite}***`)
    .trim();
  return cleaned.length > MAX_ERROR_LENGTH ? `${cleaned.slice(0, MAX_ERROR_LENGTH - 1)}…` : cleaned || "send failed";
}
