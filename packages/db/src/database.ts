import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/prisma/client.ts";
import { applyMigrations, type MigrationResult, type SqlRunner } from "./migrate.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  kind: DatabaseKind;
  /** Where the data lives, with any password masked; safe to log. */
  location: string;
  prisma: PrismaClient;
  /** Applies the committed migrations that are not yet applied. */
  migrate(): Promise<MigrationResult>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Maximum PostgreSQL connections for this process (ignored for PGlite). */
  poolSize?: number;
}

/**
 * Opens the database a URL names:
 * - unset or empty: embedded PGlite in `./data`;
 * - `pglite:memory`: embedded PGlite in memory, gone on close;
 * - `pglite:<dir>`: embedded PGlite in that folder;
 * - `postgres://` or `postgresql://`: a PostgreSQL server.
 */
export async function openDatabase(url: string | undefined, options: DatabaseOptions = {}): Promise<Database> {
  const target = url?.trim() || "pglite:./data";
  if (target.startsWith("postgres://") || target.startsWith("postgresql://")) {
    return openPostgres(target, options);
  }
  if (target.startsWith("pglite:")) {
    const where = target.slice("pglite:".length);
    return openPglite(where === "memory" ? undefined : path.resolve(where));
  }
  throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or pglite: (got "${maskUrl(target)}")`);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const client = await PGlite.create(dataDir, { extensions: { citext, pg_trgm } });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  const runner: SqlRunner = {
    // PGlite is one connection: a transaction here already excludes everyone.
    async transaction(fn) {
      return client.transaction(async (tx) =>
        fn({
          exec: async (sql) => void (await tx.exec(sql)),
          query: async (sql, params) => (await tx.query<any>(sql, params)).rows,
        }),
      );
    },
  };
  return {
    kind: "pglite",
    location: dataDir ?? "memory",
    prisma,
    migrate: () => applyMigrations(runner),
    async close() {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const runner: SqlRunner = {
    async transaction(fn) {
      const conn = await pool.connect();
      try {
        await conn.query("BEGIN");
        // Several instances may start together; one migrates, the others wait.
        await conn.query("SELECT pg_advisory_xact_lock(7305533)");
        const result = await fn({
          exec: async (sql) => void (await conn.query(sql)),
          query: async (sql, params) => (await conn.query(sql, params)).rows,
        });
        await conn.query("COMMIT");
        return result;
      } catch (error) {
        await conn.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
  };
  return {
    kind: "postgres",
    location: maskUrl(url),
    prisma,
    migrate: () => applyMigrations(runner),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export function maskUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
