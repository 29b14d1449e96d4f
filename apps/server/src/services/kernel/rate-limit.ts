import { Prisma, type PrismaClient } from "@steward/db";
import { ServiceError, type RateLimitState } from "./errors.ts";

/**
 * Fixed-window counters in the database, shared by every server instance.
 * Each call is one statement, so concurrent requests (on any instance) are
 * counted exactly: the row lock of the upsert serializes them.
 */
export interface Counter {
  key: string;
  /** Count in the current window, after this call. */
  count: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
}

type Db = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

/** The statement that adds one to each key (a new window when its window is over), answering each key's count and seconds left. */
function hitSql(keys: string[], windowSeconds: number): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO rate_limit_counters (key, count, reset_at)
    SELECT k, 1, now() + make_interval(secs => ${windowSeconds}) FROM unnest(${keys}::text[]) AS k
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_counters.reset_at <= now() THEN 1 ELSE rate_limit_counters.count + 1 END,
      reset_at = CASE WHEN rate_limit_counters.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limit_counters.reset_at END
    RETURNING key, count, extract(epoch FROM reset_at - now())::float8 AS reset_seconds`;
}

type CounterRow = { key: string; count: number; reset_seconds: number };

function countersOf(rows: CounterRow[], keys: string[], windowSeconds: number): Counter[] {
  return keys.map((key) => {
    const row = rows.find((r) => r.key === key);
    // Clamped: timestamps are stored to the millisecond, so a fresh window can read a hair over its length.
    const resetSeconds = Math.min(windowSeconds, Math.max(0, Number(row?.reset_seconds ?? windowSeconds)));
    return { key, count: Number(row?.count ?? 0), resetSeconds };
  });
}

/** Adds one to each key (a new window when its window is over) and returns the counts, in the order given. */
export async function hit(db: Db, keys: string[], windowSeconds: number): Promise<Counter[]> {
  return countersOf(await db.$queryRaw<CounterRow[]>(hitSql(keys, windowSeconds)), keys, windowSeconds);
}

/**
 * `hit(keys)` and, in the same statement (one round trip), the current
 * count of `readKey`, which is not hit (0 when its window is over).
 * `readKey` must not be one of `keys`: it is read as it was before the hit.
 */
export async function hitAndRead(db: Db, keys: string[], readKey: string, windowSeconds: number): Promise<{ counters: Counter[]; read: number }> {
  const rows = await db.$queryRaw<(CounterRow & { hit: boolean })[]>`
    WITH hit AS (${hitSql(keys, windowSeconds)})
    SELECT key, count, reset_seconds, true AS hit FROM hit
    UNION ALL
    SELECT key, count, 0, false FROM rate_limit_counters WHERE key = ${readKey} AND reset_at > now()`;
  const read = rows.find((row) => !row.hit);
  return { counters: countersOf(rows.filter((row) => row.hit), keys, windowSeconds), read: Number(read?.count ?? 0) };
}

/** Takes one back from each key (an attempt that turned out not to count). */
export async function giveBack(db: Db, keys: string[]): Promise<void> {
  await db.$executeRaw`
    UPDATE rate_limit_counters SET count = GREATEST(count - 1, 0) WHERE key = ANY(${keys}::text[]) AND reset_at > now()`;
}

/**
 * Clears `resetKeys` and takes one back from `giveBackKeys`, in one
 * statement (one round trip). The two lists must not share a key.
 */
export async function resetAndGiveBack(db: Db, resetKeys: string[], giveBackKeys: string[]): Promise<void> {
  await db.$executeRaw`
    WITH cleared AS (DELETE FROM rate_limit_counters WHERE key = ANY(${resetKeys}::text[]))
    UPDATE rate_limit_counters SET count = GREATEST(count - 1, 0) WHERE key = ANY(${giveBackKeys}::text[]) AND reset_at > now()`;
}

/** A counter as the RateLimit headers tell it: the policy, its limit and what is left of the window. */
export function limitState(policy: string, counter: Counter, limit: number, windowSeconds: number): RateLimitState {
  return { policy, limit, remaining: Math.max(0, limit - counter.count), resetSeconds: counter.resetSeconds, windowSeconds };
}

/** The 429 for a counter past its limit: retry once its window is over. */
export function rateLimited(state: RateLimitState, message: string, reason: string): ServiceError {
  return new ServiceError("rate_limit_exceeded", message, { reason, retryAfterSeconds: state.resetSeconds, rateLimit: state });
}
