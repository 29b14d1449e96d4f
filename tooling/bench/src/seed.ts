import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDatabase } from "@steward/db";
import { generateBatch, SEED_PASSWORD, USER_COLUMNS, type UserBatch } from "./data.ts";
import { GROUP_COUNT, groupName, RELATION_ROLES, seedThroughImport } from "./seed-import.ts";
import { stewardSettings } from "./server-config.ts";

export interface SeedOptions {
  url: string;
  users: number;
  reseed: boolean;
  /** Through the product (POST /api/v1/users/import on a real server), or straight INSERTs (faster, for experiments). */
  via: "import" | "sql";
  batchSize: number;
  /** Parallel insert connections (sql). */
  concurrency: number;
  /** The server the import seeds through. */
  server: { repoRoot: string; port: number; adminUsername: string; adminPassword: string };
  log: (line: string) => void;
}

export interface SeedResult {
  skipped: boolean;
  via: SeedOptions["via"];
  /** Users in the database once seeding is done (including the admin, if any). */
  usersInDatabase: number;
  inserted: number;
  /** Wall time of each step, seconds. `total` is what the < 120 s target is checked against. */
  seconds: { migrate: number; insert: number; relations: number; vacuumAnalyze: number; total: number };
  rowsPerSecond: number | null;
  /** From a previous run, when this one skipped seeding. */
  previous?: SeedMarker;
  sizes: { usersTable: string; usersIndexes: string; database: string };
}

/** Stored as the database's COMMENT, so the bench adds no table to the server's schema. */
interface SeedMarker {
  benchSeed: { users: number; seededAt: string; seconds: SeedResult["seconds"] };
  /** Users deleted since the seed to leave gaps in the user numbers (--gaps); absent when none were. */
  gaps?: GapsState;
}

/** The gaps left in the seeded user numbers (see applyGaps). */
export interface GapsState {
  /** Percentage of user numbers missing, as asked (the rule deletes about that share). */
  percent: number;
  /** The SQL predicate over `numeric_id` that chose the deleted users. */
  rule: string;
  /** Users deleted by it, over every run that widened the gaps. */
  deleted: number;
  /** When the gaps were last widened. */
  appliedAt: string;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`--database-url names no database: ${url}`);
  return name;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function ensureDatabase(url: string, reseed: boolean, log: (line: string) => void): Promise<boolean> {
  const name = databaseName(url);
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  try {
    if (reseed) {
      log(`dropping database ${name} (--reseed)`);
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    log(`creating database ${name}`);
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    return true;
  } finally {
    await admin.end();
  }
}

async function writeMarker(client: pg.Client, url: string, marker: SeedMarker): Promise<void> {
  await client.query(`COMMENT ON DATABASE ${quoteIdent(databaseName(url))} IS ${pg.escapeLiteral(JSON.stringify(marker))}`);
}

async function readMarker(client: pg.Client): Promise<SeedMarker | undefined> {
  const { rows } = await client.query<{ c: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = current_database()",
  );
  try {
    const parsed = rows[0]?.c ? (JSON.parse(rows[0].c) as SeedMarker) : undefined;
    return parsed?.benchSeed ? parsed : undefined;
  } catch {
    return undefined;
  }
}

async function countUsers(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM users");
  return Number(rows[0]!.n);
}

/** An argon2id hash with the server's default parameters (read from its config), through the server's own argon2 package. */
export async function argon2Hash(password: string): Promise<string> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const require = createRequire(path.resolve(here, "../../../apps/server/package.json"));
  const argon2 = (await import(require.resolve("@node-rs/argon2"))) as { hash(p: string, o: object): Promise<string> };
  return argon2.hash(password, { algorithm: 2, ...stewardSettings(process.env).argon2 });
}

/** One real argon2id hash (of SEED_PASSWORD) shared by seeded local accounts, so rows have a realistic width. */
async function seedPasswordHash(log: (line: string) => void): Promise<string | null> {
  try {
    return await argon2Hash(SEED_PASSWORD);
  } catch (error) {
    log(`(no argon2 available for seeded password hashes: ${(error as Error).message}; leaving them null)`);
    return null;
  }
}

/**
 * Sets the admin's password in the bench database (when a previous run used
 * another one) and clears failed sign-in counters, so the bench can sign in.
 */
export async function resetAdminPassword(url: string, username: string, password: string): Promise<boolean> {
  const hash = await argon2Hash(password);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      "UPDATE users SET password_hash = $2, status = 'active' WHERE username = $1::citext",
      [username, hash],
    );
    await client.query("DELETE FROM rate_limit_counters WHERE key LIKE 'login:%'");
    return (rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

const INSERT_SQL = `
INSERT INTO users (${USER_COLUMNS.join(", ")})
SELECT id, username, email, display_name, first_name, last_name, language, phone, external_id, domain,
       status::"UserStatus", CASE WHEN tags = '' THEN '{}'::text[] ELSE string_to_array(tags, ',') END,
       password_hash, mfa_enabled, last_login_at, created_at, updated_at
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
            $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bool[], $15::timestamptz[],
            $16::timestamptz[], $17::timestamptz[])
  AS t(${USER_COLUMNS.join(", ")})`;

export async function seed(opts: SeedOptions): Promise<SeedResult> {
  const { log } = opts;
  const started = performance.now();
  const elapsed = (from: number) => (performance.now() - from) / 1000;

  const created = await ensureDatabase(opts.url, opts.reseed, log);
  let t = performance.now();
  const db = await openDatabase(opts.url, { poolSize: 2 });
  try {
    const { applied } = await db.migrate();
    if (applied.length) log(`migrations applied: ${applied.join(", ")}`);
  } finally {
    await db.close();
  }
  const migrateSeconds = elapsed(t);

  const client = new pg.Client({ connectionString: opts.url });
  await client.connect();
  try {
    const existing = await countUsers(client);
    const marker = await readMarker(client);
    // Users deleted on purpose for --gaps still count as seeded.
    const gapped = marker?.gaps?.deleted ?? 0;
    if (existing + gapped >= opts.users) {
      log(
        `database already holds ${existing.toLocaleString("en-US")} users${gapped ? ` (+ ${gapped.toLocaleString("en-US")} deleted for --gaps)` : ""} ` +
          `(>= ${opts.users.toLocaleString("en-US")}): skipping seeding`,
      );
      return {
        skipped: true,
        via: opts.via,
        usersInDatabase: existing,
        inserted: 0,
        seconds: { migrate: migrateSeconds, insert: 0, relations: 0, vacuumAnalyze: 0, total: elapsed(started) },
        rowsPerSecond: null,
        previous: marker,
        sizes: await sizes(client),
      };
    }
    if (existing > 1 && !created) {
      // Only an empty database, or one holding just the server's bootstrap admin, is seeded in place.
      throw new Error(
        `database ${databaseName(opts.url)} holds ${existing} users, fewer than --users ${opts.users}; ` +
          `pass --reseed to drop and recreate it`,
      );
    }

    const passwordHash = await seedPasswordHash(log);
    const toMs = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const fromMs = toMs - 3 * 365 * 24 * 3600 * 1000;
    // Through the import, the server made the admin (user 1) before the first row.
    const already = opts.via === "import" ? Math.max(existing, 1) : existing;
    const total = opts.users - already;
    let insertSeconds: number;
    let relationsSeconds = 0;
    if (opts.via === "import") {
      log(`seeding ${total.toLocaleString("en-US")} users through POST /api/v1/users/import (NDJSON, batches of ${opts.batchSize}, with their roles and groups)`);
      const imported = await seedThroughImport({ url: opts.url, ...opts.server, total, numberOffset: already, fromMs, toMs, passwordHash, batchSize: opts.batchSize, log });
      insertSeconds = imported.seconds;
      log(`imported ${imported.created.toLocaleString("en-US")} users in ${insertSeconds.toFixed(1)} s (${Math.round(imported.created / insertSeconds).toLocaleString("en-US")} rows/s)`);
    } else {
      log(`seeding ${total.toLocaleString("en-US")} users by INSERT in batches of ${opts.batchSize} over ${opts.concurrency} connections`);
      insertSeconds = await insertUsers(opts, { total, fromMs, toMs, passwordHash });
      log(`inserted ${total.toLocaleString("en-US")} users in ${insertSeconds.toFixed(1)} s`);
      t = performance.now();
      await seedRelations(client);
      relationsSeconds = elapsed(t);
      log(`roles and group memberships in ${relationsSeconds.toFixed(1)} s`);
    }

    t = performance.now();
    // ANALYZE for the planner; VACUUM sets hint bits and the visibility map, as autovacuum would soon after a bulk load.
    await client.query("VACUUM (ANALYZE) users, user_roles, roles, groups, group_memberships, table_counts");
    const vacuumSeconds = elapsed(t);
    log(`VACUUM (ANALYZE) in ${vacuumSeconds.toFixed(1)} s`);

    const seconds = {
      migrate: migrateSeconds,
      insert: insertSeconds,
      relations: relationsSeconds,
      vacuumAnalyze: vacuumSeconds,
      total: elapsed(started),
    };
    const usersInDatabase = await countUsers(client);
    await writeMarker(client, opts.url, { benchSeed: { users: usersInDatabase, seededAt: new Date().toISOString(), seconds } });
    return {
      skipped: false,
      via: opts.via,
      usersInDatabase,
      inserted: total,
      seconds,
      rowsPerSecond: Math.round(total / insertSeconds),
      sizes: await sizes(client),
    };
  } finally {
    await client.end();
  }
}

/**
 * The users --gaps deletes: a fixed pseudo-random subset of user numbers
 * (an md5 of the number, so the same numbers on every run and machine, and
 * spread unevenly like real deletions), about `percent` % of them; a larger
 * percentage deletes a superset. `$1` is the percentage in hundredths.
 */
export const GAP_RULE = `('x' || substr(md5('bench-gap:' || numeric_id), 1, 7))::bit(28)::int % 10000 < $1`;

export interface GapsResult {
  /** The database's gaps after this call (null: none). */
  state: GapsState | null;
  /** Users deleted now. */
  deletedNow: number;
  seconds: number;
  /** Why fewer gaps than asked are there, if so. */
  note?: string;
}

/** The gaps recorded in the bench database's COMMENT, if any. */
export async function readGaps(url: string): Promise<GapsState | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await readMarker(client))?.gaps ?? null;
  } finally {
    await client.end();
  }
}

/**
 * Makes about `percent` % of user numbers missing, for the numbered-page
 * scenario: a plain `DELETE FROM users` of the users GAP_RULE picks (never
 * the admin), so every trigger on users fires as for a deletion through the
 * product (table_counts, tag counts, and whatever the server keeps by
 * trigger), and foreign keys cascade. Recorded in the database's COMMENT
 * (the seed marker), so later runs count those users as seeded and know the
 * gaps; running it again with the same percentage deletes nothing more.
 * Gaps cannot be narrowed again but by --reseed. Then VACUUM (ANALYZE) users.
 */
export async function applyGaps(url: string, percent: number, adminUsername: string, log: (line: string) => void): Promise<GapsResult> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const marker = await readMarker(client);
    const before = marker?.gaps ?? null;
    if (!marker) throw new Error("the bench database has no seed marker: seed it before making gaps");
    if (percent <= (before?.percent ?? 0)) {
      const note =
        before && percent < before.percent
          ? `the database already has ${before.percent}% gaps (more than --gaps ${percent}); only --reseed narrows them`
          : undefined;
      return { state: before, deletedNow: 0, seconds: (performance.now() - started) / 1000, note };
    }
    const hundredths = Math.round(percent * 100);
    log(`deleting about ${percent}% of the users (user numbers where ${GAP_RULE.replace("$1", String(hundredths))}) for --gaps ${percent}`);
    // Long statement: no timeout from the role's defaults.
    await client.query("SET statement_timeout = 0");
    const { rowCount } = await client.query(`DELETE FROM users WHERE ${GAP_RULE} AND username <> $2::citext`, [hundredths, adminUsername]);
    const deletedNow = rowCount ?? 0;
    const state: GapsState = {
      percent,
      rule: GAP_RULE.replace("$1", String(hundredths)),
      deleted: (before?.deleted ?? 0) + deletedNow,
      appliedAt: new Date().toISOString(),
    };
    await writeMarker(client, url, { ...marker, gaps: state });
    await client.query("VACUUM (ANALYZE) users");
    const seconds = (performance.now() - started) / 1000;
    log(`deleted ${deletedNow.toLocaleString("en-US")} users in ${seconds.toFixed(1)} s (recorded in the database's COMMENT; ${state.deleted.toLocaleString("en-US")} in all)`);
    return { state, deletedNow, seconds };
  } finally {
    await client.end();
  }
}

/** The SQL seed: straight INSERTs of generated batches over `concurrency` connections; the wall time in seconds. */
async function insertUsers(opts: SeedOptions, data: { total: number; fromMs: number; toMs: number; passwordHash: string | null }): Promise<number> {
  const { total } = data;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const batches = Math.ceil(total / opts.batchSize);
  let next = 0;
  let done = 0;
  let lastReport = performance.now();
  const worker = async () => {
    const c = new pg.Client({ connectionString: opts.url });
    await c.connect();
    try {
      // Losing the last commits of a crashed seed only means reseeding; fsync per batch is not needed.
      await c.query("SET synchronous_commit = off");
      for (;;) {
        const b = next++;
        if (b >= batches) break;
        const start = b * opts.batchSize;
        const end = Math.min(total, start + opts.batchSize);
        const batch = generateBatch(start, end, data);
        await c.query(INSERT_SQL, USER_COLUMNS.map((col) => batch[col as keyof UserBatch]));
        done += end - start;
        if (performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          opts.log(`  ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} users (${Math.round(done / elapsed()).toLocaleString("en-US")} rows/s)`);
        }
      }
    } finally {
      await c.end();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  return elapsed();
}


/** A few custom roles and groups, held by some users, so reads join real rows. */
async function seedRelations(client: pg.Client): Promise<void> {
  await client.query("BEGIN");
  try {
    for (const role of RELATION_ROLES) {
      await client.query(
        `INSERT INTO roles (id, name, description, permissions, built_in, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, false, now()) ON CONFLICT (name) DO NOTHING`,
        [role.name, role.description, role.permissions],
      );
    }
    const { rows: roles } = await client.query<{ id: string; name: string }>(
      "SELECT id, name FROM roles WHERE name = ANY($1)",
      [RELATION_ROLES.map((r) => r.name)],
    );
    const roleId = (name: string) => roles.find((r) => r.name === name)!.id;
    for (const { name, modulo, rest } of RELATION_ROLES) {
      await client.query(
        `INSERT INTO user_roles (user_id, role_id) SELECT id, $1 FROM users WHERE numeric_id % $2 = $3 ON CONFLICT DO NOTHING`,
        [roleId(name), modulo, rest],
      );
    }
    const groupNames = Array.from({ length: GROUP_COUNT }, (_, i) => groupName(i));
    await client.query(
      `INSERT INTO groups (id, name, updated_at) SELECT gen_random_uuid(), n, now() FROM unnest($1::text[]) n
       WHERE NOT EXISTS (SELECT 1 FROM groups g WHERE g.name = n)`,
      [groupNames],
    );
    // A quarter of the users are in one group, one in twenty in a second one.
    await client.query(
      `WITH g AS (SELECT array_agg(id ORDER BY name) AS ids FROM groups WHERE name LIKE 'bench-group-%')
       INSERT INTO group_memberships (group_id, user_id)
       SELECT g.ids[1 + (u.numeric_id / 4) % array_length(g.ids, 1)], u.id FROM users u, g WHERE u.numeric_id % 4 = 0
       UNION ALL
       SELECT g.ids[1 + (u.numeric_id / 20 + 7) % array_length(g.ids, 1)], u.id FROM users u, g WHERE u.numeric_id % 20 = 0
       ON CONFLICT DO NOTHING`,
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

async function sizes(client: pg.Client): Promise<SeedResult["sizes"]> {
  const { rows } = await client.query<SeedResult["sizes"]>(`SELECT
    pg_size_pretty(pg_table_size('users')) AS "usersTable",
    pg_size_pretty(pg_indexes_size('users')) AS "usersIndexes",
    pg_size_pretty(pg_database_size(current_database())) AS database`);
  return rows[0]!;
}
