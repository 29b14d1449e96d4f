import { Prisma } from "@steward/db";
import type { Actor, ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import { SEAL_CONTEXT } from "../kernel/keyring.ts";

/**
 * `Idempotency-Key` on POSTs: the first answer to a request is kept, per
 * caller and key, for IDEMPOTENCY_TTL_MS, and a retry with the same key
 * and the same request is answered it again, without acting twice. The
 * same key with another request is a 422; a retry while the first is
 * still running, a 409. The claim is one INSERT against a unique index,
 * so of two parallel requests exactly one acts (PostgreSQL included).
 * Answers are sealed: some hold a secret shown once (an API key, a token).
 */

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** A claim whose request never finished (the process died) is taken over after this long. */
const ABANDONED_AFTER_MS = 5 * 60 * 1000;

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body as sent (JSON or problem+json text), or undefined for none (204). */
  text?: string;
}

export type Claim = { kind: "first"; id: string } | { kind: "replay"; answer: StoredAnswer };

/** Whose key it is: the user behind a session, or the API key. Anonymous callers have none (their key is ignored). */
export function idempotencyCallerOf(actor: Actor): string | null {
  if (actor.type === "user" && actor.id) return `user:${actor.id}`;
  if (actor.type === "api_key" && actor.id) return `key:${actor.id}`;
  return null;
}

const context = (id: string) => `${SEAL_CONTEXT.idempotentAnswer}:${id}`;

/**
 * Claims `key` for this request, or answers what the first request with it
 * answered. 422 `idempotency_key_reused` when the key came with another
 * request; 409 `idempotency_key_in_use` while the first is still running.
 */
export async function claimIdempotencyKey(ctx: ServiceContext, input: { caller: string; key: string; requestHash: string }): Promise<Claim> {
  const now = ctx.clock.now();
  const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
  const abandoned = new Date(now.getTime() - ABANDONED_AFTER_MS);
  const [claimed] = await ctx.sql.query<{ id: string }>(Prisma.sql`
    INSERT INTO idempotency_records (id, caller, key, request_hash, created_at)
    VALUES (gen_random_uuid(), ${input.caller}, ${input.key}, ${input.requestHash}, ${now})
    ON CONFLICT (caller, key) DO UPDATE
      SET id = gen_random_uuid(), request_hash = EXCLUDED.request_hash, status = NULL, sealed_answer = NULL, created_at = EXCLUDED.created_at
      WHERE idempotency_records.created_at < ${expired}
         OR (idempotency_records.status IS NULL AND idempotency_records.created_at < ${abandoned})
    RETURNING id::text AS id`);
  if (claimed) {
    await sweepIdempotencyRecords(ctx, 50);
    return { kind: "first", id: claimed.id };
  }
  const [held] = await ctx.sql.query<{ id: string; request_hash: string; status: number | null; sealed_answer: string | null }>(Prisma.sql`
    SELECT id::text AS id, request_hash, status, sealed_answer FROM idempotency_records WHERE caller = ${input.caller} AND key = ${input.key}`);
  // Swept between the two statements: as if never sent; the client's retry claims it.
  if (!held || held.request_hash !== input.requestHash) {
    throw new ServiceError("unprocessable_entity", "This Idempotency-Key was sent with another request: use a new key for a new request", {
      reason: "idempotency_key_reused",
    });
  }
  if (held.status === null || held.sealed_answer === null) {
    throw new ServiceError("conflict", "The first request with this Idempotency-Key is still running: retry in a moment", {
      reason: "idempotency_key_in_use",
      retryAfterSeconds: 1,
    });
  }
  return { kind: "replay", answer: JSON.parse(ctx.keyring.open(held.sealed_answer, context(held.id))) as StoredAnswer };
}

/**
 * Keeps the first request's answer. One a retry could change — a failure
 * on Steward's side, or a rate limit — is not kept: the claim is released
 * and a retry acts anew.
 */
export async function completeIdempotencyKey(ctx: ServiceContext, id: string, answer: StoredAnswer): Promise<void> {
  if (answer.status >= 500 || answer.status === 429) {
    await ctx.sql.query(Prisma.sql`DELETE FROM idempotency_records WHERE id = ${id}::uuid`);
    return;
  }
  const sealed = ctx.keyring.seal(JSON.stringify(answer), context(id));
  await ctx.sql.query(Prisma.sql`UPDATE idempotency_records SET status = ${answer.status}, sealed_answer = ${sealed} WHERE id = ${id}::uuid`);
}

/** Forgets records past their 24 hours, a batch at a time (each new claim sweeps one: the index on `created_at` keeps it cheap). */
export async function sweepIdempotencyRecords(ctx: Pick<ServiceContext, "sql" | "clock">, batch = 500): Promise<number> {
  const expired = new Date(ctx.clock.now().getTime() - IDEMPOTENCY_TTL_MS);
  const rows = await ctx.sql.query<{ id: string }>(Prisma.sql`
    DELETE FROM idempotency_records WHERE id IN (SELECT id FROM idempotency_records WHERE created_at < ${expired} LIMIT ${batch}) RETURNING id::text AS id`);
  return rows.length;
}
