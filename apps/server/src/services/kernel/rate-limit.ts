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

/**
 * The statement that adds one to each key (a new window when its window is
 * over), answering each key's count and seconds left. `keys` is a text[]
 * expression: a parameter, or SQL that computes the keys in the statement
 * that uses this one (the sign-in's, which knows the account only there).
 */
export function hitSql(keys: Prisma.Sql, windowSeconds: number): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO rate_limit_counters (key, count, reset_at)
    SELECT k, 1, now() + make_interval(secs => ${windowSeconds}::int) FROM unnest(${keys}) AS k
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_counters.reset_at <= now() THEN 1 ELSE rate_limit_counters.count + 1 END,
      reset_at = CASE WHEN rate_limit_counters.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limit_counters.reset_at END
    RETURNING key, count, extract(epoch FROM reset_at - now())::float8 AS reset_seconds`;
}

/** The current count of one key (a text expression), 0 when its window is over; as the statement's snapshot sees it. */
export function countSql(key: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`coalesce((SELECT count FROM rate_limit_counters WHERE key = ${key} AND reset_at > now()), 0)`;
}

/** Clears the keys (a text[] expression) when `when` holds. */
export function resetSql(keys: Prisma.Sql, when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return Prisma.sql`DELETE FROM rate_limit_counters WHERE key = ANY(${keys}) AND ${when}`;
}

/** Takes one back from each key (a text[] expression) when `when` holds. */
export function giveBackSql(keys: Prisma.Sql, when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return Prisma.sql`UPDATE rate_limit_counters SET count = GREATEST(count - 1, 0) WHERE key = ANY(${keys}) AND reset_at > now() AND ${when}`;
}

const textArray = (keys: string[]) => Prisma.sql`${keys}::text[]`;

export type CounterRow = { key: string; count: number; reset_seconds: number };

/** Counters in the order of `keys`, from the rows a hit returned (0 for a key with none). */
export function countersOf(rows: CounterRow[], keys: string[], windowSeconds: number): Counter[] {
  return keys.map((key) => {
    const row = rows.find((r) => r.key === key);
    // Clamped: timestamps are stored to the millisecond, so a fresh window can read a hair over its length.
    const resetSeconds = Math.min(windowSeconds, Math.max(0, Number(row?.reset_seconds ?? windowSeconds)));
    return { key, count: Number(row?.count ?? 0), resetSeconds };
  });
}

/** Adds one to each key (a new window when its window is over) and returns the counts, in the order given. */
export async function hit(db: Db, keys: string[], windowSeconds: number): Promise<Counter[]> {
  return countersOf(await db.$queryRaw<CounterRow[]>(hitSql(textArray(keys), windowSeconds)), keys, windowSeconds);
}

/** Takes one back from each key (an attempt that turned out not to count). */
export async function giveBack(db: Db, keys: string[]): Promise<void> {
  await db.$executeRaw(giveBackSql(textArray(keys)));
}

/**
 * Clears `resetKeys` and takes one back from `giveBackKeys`, in one
 * statement (one round trip). The two lists must not share a key.
 */
export async function resetAndGiveBack(db: Db, resetKeys: string[], giveBackKeys: string[]): Promise<void> {
  await db.$executeRaw`WITH cleared AS (${resetSql(textArray(resetKeys))}) ${giveBackSql(textArray(giveBackKeys))}`;
}

/** A counter as the RateLimit headers tell it: the policy, its limit and what is left of the window. */
export function limitState(policy: string, counter: Counter, limit: number, windowSeconds: number): RateLimitState {
  return { policy, limit, remaining: Math.max(0, limit - counter.count), resetSeconds: counter.resetSeconds, windowSeconds };
}

/** The 429 for a counter past its limit: retry once its window is over. */
export function rateLimited(state: RateLimitState, message: string, reason: string): ServiceError {
  return new ServiceError("rate_limit_exceeded", message, { reason, retryAfterSeconds: state.resetSeconds, rateLimit: state });
}
