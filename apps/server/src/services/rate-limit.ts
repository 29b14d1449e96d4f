import type { PrismaClient } from "@steward/db";

/**
 * Fixed-window counter in the database, shared by every server instance.
 * Returns the count after this hit.
 */
export async function hit(db: PrismaClient, key: string, windowSeconds: number): Promise<number> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_counters (key, count, reset_at)
    VALUES (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_counters.reset_at <= now() THEN 1 ELSE rate_limit_counters.count + 1 END,
      reset_at = CASE WHEN rate_limit_counters.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limit_counters.reset_at END
    RETURNING count`;
  return Number(rows[0]?.count ?? 0);
}

export async function peek(db: PrismaClient, key: string): Promise<number> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    SELECT count FROM rate_limit_counters WHERE key = ${key} AND reset_at > now()`;
  return Number(rows[0]?.count ?? 0);
}

export async function reset(db: PrismaClient, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM rate_limit_counters WHERE key = ${key}`;
}
