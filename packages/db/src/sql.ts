import { createHash } from "node:crypto";
import type pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import type { Prisma } from "./generated/prisma/client.ts";

export interface QueryOptions {
  /**
   * Reuse a server-side prepared statement for this SQL text (PostgreSQL
   * only; the default). Say false for statements whose best plan depends on
   * the parameter values, such as a LIKE pattern: a generic plan would be
   * chosen after five runs and can be far slower.
   */
  prepare?: boolean;
}

/**
 * Runs SQL built with `Prisma.sql` and returns plain rows. The server's hot
 * reads (authentication, user pages) go through this rather than the ORM:
 * it skips the ORM's per-query work and, on PostgreSQL, plans each
 * statement once per connection instead of on every request.
 *
 * Rows come back as the driver types them: timestamps as Date, int8 and
 * numeric possibly as string, so callers convert numbers with `Number()`.
 */
export interface SqlClient {
  query<Row>(statement: Prisma.Sql, options?: QueryOptions): Promise<Row[]>;
}

/** Statement names per SQL text; the same text always gets the same name. */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2_000;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined) {
    // Past the cap (unbounded filter combinations), plan per execution.
    if (statementNames.size >= MAX_NAMED_STATEMENTS) return undefined;
    name = `st_${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

export function postgresSql(pool: pg.Pool): SqlClient {
  return {
    async query<Row>(statement: Prisma.Sql, options: QueryOptions = {}) {
      const name = options.prepare === false ? undefined : statementName(statement.text);
      const result = await pool.query({ name, text: statement.text, values: statement.values as unknown[] });
      return result.rows as Row[];
    },
  };
}

export function pgliteSql(client: PGlite): SqlClient {
  return {
    async query<Row>(statement: Prisma.Sql) {
      return (await client.query<Row>(statement.text, statement.values as unknown[])).rows;
    },
  };
}

/** The same interface over a Prisma client or transaction, for reads inside a write. */
export function prismaSql(client: Pick<Prisma.TransactionClient, "$queryRaw">): SqlClient {
  return {
    query<Row>(statement: Prisma.Sql) {
      return client.$queryRaw<Row[]>(statement);
    },
  };
}
