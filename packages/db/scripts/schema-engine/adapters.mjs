// Driver adapter factories handed to the wasm schema engine, chosen by URL.
// Only PostgreSQL is needed by Steward; other schemes fail with a clear error.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const PG_CHAR = 18; // Postgres' internal one-byte "char" (pg_class.relkind, ...)
const PG_TEXT = 25;

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

// Runs one statement on the server's maintenance database ("postgres"), for
// CREATE/DROP DATABASE, which cannot run inside the target database itself.
export async function adminQuery(url, sql) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export const createDatabase = (url, name) => adminQuery(url, `CREATE DATABASE ${quoteIdent(name)}`);
export const dropDatabase = (url, name) =>
  // WITH (FORCE) (PG 13+) so a lingering connection cannot block the drop.
  adminQuery(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);

// Fixes applied to every adapter / transaction object adapter-pg hands out.
function patchQueryable(q) {
  const performIO = q.performIO;
  // adapter-pg throws UnsupportedNativeDataType for oid 18 ("char"), which the
  // schema describer selects from pg_catalog. pg already returns such values as
  // strings, so relabelling the column as text is all that's needed.
  q.performIO = async function (query) {
    const result = await performIO.call(this, query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    return result;
  };
  return q;
}

function patchAdapter(adapter) {
  patchQueryable(adapter);
  const startTransaction = adapter.startTransaction;
  adapter.startTransaction = async function (...args) {
    return patchQueryable(await startTransaction.apply(this, args));
  };
  // adapter-pg's executeScript splits the script on every ";", which breaks
  // statements holding a ";" in a string or a $$ function body. Postgres runs
  // a multi-statement script fine as one simple query (like the native engine).
  adapter.executeScript = async function (script) {
    try {
      await this.client.query(script);
    } catch (e) {
      this.onError(e);
    }
  };
  return adapter;
}

class PostgresFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";
  /** Shadow databases we created and have not dropped yet. */
  pendingShadows = new Set();

  constructor(url, shadowDatabaseUrl) {
    this.url = url;
    this.shadowDatabaseUrl = shadowDatabaseUrl;
  }

  async connect() {
    return patchAdapter(await new PrismaPg({ connectionString: this.url }).connect());
  }

  // adapter-pg's own connectToShadowDb spreads {connectionString, database},
  // and pg lets the connection string win, so it would "shadow" into the main
  // database; it also drops the shadow before ending its pool. Do it here.
  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      return patchAdapter(await new PrismaPg({ connectionString: this.shadowDatabaseUrl }).connect());
    }
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await createDatabase(this.url, name);
    this.pendingShadows.add(name);
    const adapter = patchAdapter(await new PrismaPg({ connectionString: withDatabase(this.url, name) }).connect());
    const dispose = adapter.dispose;
    adapter.dispose = async () => {
      await dispose.call(adapter); // end the pool first, then drop
      await this.dropShadow(name);
    };
    return adapter;
  }

  async dropShadow(name) {
    if (!this.pendingShadows.delete(name)) return;
    await dropDatabase(this.url, name);
  }

  /** Drops shadow databases the engine never disposed (e.g. after an error). */
  async cleanup() {
    for (const name of [...this.pendingShadows]) await this.dropShadow(name).catch(() => {});
  }

  /**
   * A missing `_prisma_migrations` table reaches the wasm engine as a generic
   * adapter error instead of "table does not exist", so the history commands
   * fail on a fresh database. Create it up front with the engine's own DDL.
   */
  async ensureMigrationsTable() {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS _prisma_migrations (
        id                  VARCHAR(36) PRIMARY KEY NOT NULL,
        checksum            VARCHAR(64) NOT NULL,
        finished_at         TIMESTAMPTZ,
        migration_name      VARCHAR(255) NOT NULL,
        logs                TEXT,
        rolled_back_at      TIMESTAMPTZ,
        started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
        applied_steps_count INTEGER NOT NULL DEFAULT 0
      )`);
    } finally {
      await client.end();
    }
  }
}

/**
 * The wasm engine connects to the main database as soon as it is constructed
 * and runs one probe query (schema exists? server version?), even for a diff
 * between a schema file and "empty" that needs no database at all. This
 * factory answers that probe offline and refuses everything else; its shadow
 * databases are real (a `--from-migrations` diff replays migrations there).
 */
class OfflineFactory extends PostgresFactory {
  async connect() {
    const refuse = async () => {
      throw new Error("schema-engine stand-in: this command was started without a main database connection");
    };
    return {
      provider: "postgres",
      adapterName: this.adapterName,
      async queryRaw(query) {
        if (!query.sql.startsWith("SELECT EXISTS(SELECT 1 FROM pg_namespace")) return refuse();
        // ColumnTypeEnum: Boolean = 5, Text = 7, Int32 = 0. Claims PostgreSQL
        // 15, the oldest server Steward supports.
        return {
          columnNames: ["exists", "version", "numeric_version"],
          columnTypes: [5, 7, 0],
          rows: [[true, "PostgreSQL 15.0 (schema-engine stand-in, offline)", 150000]],
        };
      },
      executeRaw: refuse,
      executeScript: refuse,
      startTransaction: refuse,
      getConnectionInfo: () => ({ schemaName: undefined, supportsRelationJoins: true }),
      dispose: async () => {},
    };
  }
}

/**
 * Returns { factory, bound }: our factory and the error-capturing wrapper the
 * engine wants. `offline` skips the main database (see OfflineFactory).
 */
export function adapterFor(datasource, { offline = false } = {}) {
  const url = datasource?.url;
  if (!url) throw new Error("schema-engine stand-in: no datasource url (set it in prisma.config.ts)");
  const scheme = new URL(url).protocol;
  if (scheme !== "postgres:" && scheme !== "postgresql:") {
    throw new Error(`schema-engine stand-in: unsupported database URL scheme ${scheme} (only PostgreSQL)`);
  }
  const Factory = offline ? OfflineFactory : PostgresFactory;
  // A shadow database given by the config wins; SCHEMA_ENGINE_SHADOW_DATABASE_URL
  // lets a script hand over one it created (prisma.config.ts has none).
  const shadowUrl = datasource.shadowDatabaseUrl ?? process.env.SCHEMA_ENGINE_SHADOW_DATABASE_URL;
  const factory = new Factory(url, shadowUrl || undefined);
  return { factory, bound: bindMigrationAwareSqlAdapterFactory(factory) };
}
