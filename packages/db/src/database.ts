import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { lockDataFolder } from "./data-folder-lock.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { applyMigrations, type MigrationResult, type SqlRunner } from "./migrate.ts";
import { pgliteSql, postgresSql, type SqlClient } from "./sql.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  kind: DatabaseKind;
  /** Where the data lives, with any password masked; safe to log. */
  location: string;
  /** The ORM, for writes and anything transactional. */
  prisma: PrismaClient;
  /** Plain SQL for hot reads outside transactions (see sql.ts). */
  sql: SqlClient;
  /**
   * Calls `onNotify` for each NOTIFY on `channel`, from any process using
   * this database. On PostgreSQL a dedicated connection listens and comes
   * back after a loss; `onGap` is called whenever notifications may have
   * been missed (connection lost), so callers can drop what they cached.
   */
  listen(channel: string, onNotify: (payload: string) => void, onGap: () => void): Promise<void>;
  /** Applies the committed migrations that are not yet applied. */
  migrate(): Promise<MigrationResult>;
  /** The connection pool's state, for metrics; null for the embedded database (one connection, no pool). */
  poolStats(): { total: number; idle: number; waiting: number; max: number } | null;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Maximum PostgreSQL connections for this process (ignored for PGlite). */
  poolSize?: number;
  /**
   * How long a query may wait for a connection (a new one, or a free one
   * from a full pool) before failing as "database unavailable" (a new one)
   * or "busy" (a full pool); PostgreSQL only. Without it, a database host
   * that drops packets hangs requests. Also how long a transaction may wait
   * to start, on either database (see transactionOptions).
   */
  connectTimeoutMs?: number;
  /**
   * In-memory PGlite only: start from this data directory, a tarball
   * `migratedEmbeddedSnapshot()` made, instead of an empty one. For tests,
   * which open hundreds of databases: creating one (initdb) costs more than
   * most test files' tests. Everything else about opening it is the same.
   */
  embeddedSnapshot?: Blob;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * The longest an interactive transaction may run, lock waits included,
 * before Prisma rolls it back; Prisma's default of 5 s is short for a large
 * bulk change queued behind others over the same rows.
 */
const TRANSACTION_TIMEOUT_MS = 15_000;

/**
 * Every interactive transaction's limits, as the client's defaults. It
 * waits for a connection and its BEGIN as long as a query waits for a
 * connection (Prisma's default is 2 s, so a burst of writes on a small pool
 * failed long before the pool's own wait ended). Past either limit Prisma
 * throws P2028, which isDatabaseBusy reads as load (answered 503 with
 * Retry-After), not a bug.
 */
function transactionOptions(options: DatabaseOptions): { maxWait: number; timeout: number } {
  return { maxWait: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, timeout: TRANSACTION_TIMEOUT_MS };
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
    return openPglite(where === "memory" ? undefined : path.resolve(where), options);
  }
  throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or pglite: (got "${maskUrl(target)}")`);
}

/**
 * Prisma's error messages can print the failed call with its arguments
 * (hashes, emails) and, by default, the calling source lines. "minimal"
 * drops the source lines and colours; the server's log serializer drops the
 * argument dump, which even "minimal" keeps for validation errors.
 */
const ERROR_FORMAT = "minimal";

async function openPglite(dataDir: string | undefined, options: DatabaseOptions): Promise<Database> {
  return (await openPgliteClient(dataDir, options)).database;
}

/**
 * A new in-memory embedded database with every migration applied and nothing
 * else, as a data-directory tarball for `DatabaseOptions.embeddedSnapshot`:
 * opened and migrated as `openDatabase("pglite:memory")` would.
 */
export async function migratedEmbeddedSnapshot(): Promise<Blob> {
  const { database, client } = await openPgliteClient(undefined, {});
  try {
    await database.migrate();
    // Uncompressed: loading skips the gunzip (the tarball stays in memory or a temporary file).
    return await client.dumpDataDir("none");
  } finally {
    await database.close();
  }
}

async function openPgliteClient(dataDir: string | undefined, options: DatabaseOptions) {
  if (options.embeddedSnapshot && dataDir !== undefined) throw new Error("embeddedSnapshot is for an in-memory database only");
  // Loaded on demand: a PostgreSQL deployment never pays for the embedded engine.
  const [{ PGlite }, { citext }, { pg_trgm }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/citext"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("pglite-prisma-adapter"),
  ]);
  // Two processes on one folder corrupt it: the second must not even open it.
  const lock = dataDir === undefined ? undefined : lockDataFolder(dataDir);
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(dataDir, { extensions: { citext, pg_trgm }, loadDataDir: options.embeddedSnapshot });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // One connection: transactions queue for it, up to the same wait as on PostgreSQL.
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client), errorFormat: ERROR_FORMAT, transactionOptions: transactionOptions(options) });
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
  const database: Database = {
    kind: "pglite",
    location: dataDir ?? "memory",
    prisma,
    sql: pgliteSql(client),
    // One process owns an embedded database, so every NOTIFY is its own.
    async listen(channel, onNotify) {
      await client.listen(channel, onNotify);
    },
    migrate: () => applyMigrations(runner),
    poolStats: () => null,
    async close() {
      await prisma.$disconnect();
      await client.close();
      // Only after a clean close; otherwise the lock goes stale with this process.
      lock?.release();
    },
  };
  return { database, client };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS });
  // An idle connection the server ends (restart, failover, DROP ... FORCE,
  // even while the pool closes) is already discarded by the pool; the next
  // query opens a new one. Without a listener the pool's 'error' event
  // would crash the process. (Prisma's adapter listens only while connected.)
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), errorFormat: ERROR_FORMAT, transactionOptions: transactionOptions(options) });
  const listener = new PostgresListener(url);
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
    sql: postgresSql(pool),
    listen: (channel, onNotify, onGap) => listener.listen(channel, onNotify, onGap),
    migrate: () => applyMigrations(runner),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: options.poolSize ?? 10 }),
    async close() {
      await listener.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** One connection, outside the pool, that holds every LISTEN of this process. */
class PostgresListener {
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #channels = new Map<string, { onNotify: (payload: string) => void; onGap: () => void }>();
  #closed = false;
  #retryMs = 500;

  constructor(private readonly url: string) {}

  async listen(channel: string, onNotify: (payload: string) => void, onGap: () => void): Promise<void> {
    this.#channels.set(channel, { onNotify, onGap });
    const client = await this.#connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  }

  #connect(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on("notification", (message) => this.#channels.get(message.channel)?.onNotify(message.payload ?? ""));
      client.on("error", () => this.#lost(client));
      client.on("end", () => this.#lost(client));
      try {
        await client.connect();
        for (const channel of this.#channels.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        this.#connecting = undefined;
        void client.end().catch(() => {});
        throw error;
      }
      this.#client = client;
      this.#connecting = undefined;
      this.#retryMs = 500;
      return client;
    })();
    return this.#connecting;
  }

  #lost(client: pg.Client) {
    if (this.#client !== client) return;
    this.#client = undefined;
    for (const { onGap } of this.#channels.values()) onGap();
    if (!this.#closed) this.#reconnectLater();
  }

  #reconnectLater() {
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, 30_000);
    setTimeout(() => {
      if (this.#closed) return;
      // Notifications sent while reconnecting are lost too: report another gap once back.
      this.#connect().then(
        () => {
          for (const { onGap } of this.#channels.values()) onGap();
        },
        () => this.#reconnectLater(),
      );
    }, delay).unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}

export function maskUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
