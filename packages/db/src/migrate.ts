import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The slice of a connection the migrator needs, inside one transaction. */
export interface SqlTransaction {
  exec(sql: string): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}
export interface SqlRunner {
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
}
export interface MigrationResult {
  applied: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * The committed migrations: `../prisma/migrations` next to this source file,
 * or `./migrations` beside a bundle that copied them (apps/server/build.mjs).
 */
export const migrationsDir = [path.resolve(here, "../prisma/migrations"), path.resolve(here, "migrations")].find(existsSync) ??
  path.resolve(here, "../prisma/migrations");

export function listMigrations(dir = migrationsDir): { name: string; sql: string; checksum: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Same table as Prisma Migrate keeps, so `prisma migrate status` agrees with us.
const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies the committed migrations in name order, all in one transaction, so
 * the server never needs the Prisma CLI at run time and a failed migration
 * leaves the database as it was.
 */
export async function applyMigrations(runner: SqlRunner, dir = migrationsDir): Promise<MigrationResult> {
  const migrations = listMigrations(dir);
  return runner.transaction(async (tx) => {
    await tx.exec(CREATE_LEDGER);
    const rows = await tx.query(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((row) => [String(row.migration_name), String(row.checksum)]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const checksum = done.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      applied.push(migration.name);
    }
    return { applied };
  });
}
