import { Prisma } from "@steward/db";
import type { Deps } from "../kernel/context.ts";

/** How many outbox messages wait to be sent and how many failed for good: what metrics report of the mail queue. */
export async function outboxDepth(deps: Pick<Deps, "sql">): Promise<{ pending: number; failed: number }> {
  const rows = await deps.sql.query<{ status: string; n: string | number | bigint }>(
    Prisma.sql`SELECT status::text AS status, count(*) AS n FROM outbox_messages WHERE status IN ('pending', 'failed') GROUP BY status`,
  );
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0);
  return { pending: count("pending"), failed: count("failed") };
}
