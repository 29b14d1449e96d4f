import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { readEmbeddedSnapshot } from "../../../tooling/testing/embedded-snapshot.ts";
import { startEphemeralServer, type RunningServer, type StartOptions } from "../src/index.ts";
import { systemContext, type ServiceContext } from "../src/services/kernel/context.ts";
import { expectContractAnswer } from "./support/contract-check.ts";

export { expectProblem } from "./support/contract-check.ts";

export const ADMIN = { username: "admin", password: "admin-password-for-tests" };

export interface TestServer {
  server: RunningServer;
  url: string;
  /** The database this server uses, for a second instance on the same data. */
  databaseUrl: string;
  /** Admin session token. */
  adminToken: string;
  /** Calls the API; JSON bodies are encoded, answers decoded and checked against the contract of their surface. */
  api(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as is, for malformed-body tests. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * Starts a real Steward server on a fresh database: embedded PGlite in
 * memory, or, when TEST_DATABASE_URL names a PostgreSQL server, a new
 * database created there for this test file and dropped afterwards. An
 * in-memory database starts migrated, from the run's snapshot
 * (global-setup.ts), unless `emptyDatabase` asks for one the server must
 * migrate itself.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  { emptyDatabase = false, ...options }: StartOptions & { emptyDatabase?: boolean } = {},
): Promise<TestServer> {
  const database = await freshDatabase();
  const databaseUrl = env.DATABASE_URL ?? database.url;
  const snapshot = databaseUrl === "pglite:memory" && !emptyDatabase ? await embeddedSnapshot() : undefined;
  const server = await startEphemeralServer({
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: "4",
    STEWARD_ADMIN_USERNAME: ADMIN.username,
    STEWARD_ADMIN_PASSWORD: ADMIN.password,
    ...env,
  }, { embeddedSnapshot: snapshot, ...options });
  const url = server.url;
  const api = async (method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? adminToken : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    const res = { status: response.status, headers: response.headers, body: parsed };
    expectContractAnswer(method, path, res);
    return res;
  };
  let adminToken = "";
  const login = await api("POST", "/api/v1/auth/login", { token: null, body: ADMIN });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  adminToken = login.body.token;
  return {
    server,
    url,
    databaseUrl: database.url,
    adminToken,
    api,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** The run's migrated embedded database (global-setup.ts), for a server on `pglite:memory`; undefined when the run has none. */
export function embeddedSnapshot(): Promise<Blob> | undefined {
  return readEmbeddedSnapshot(inject("embeddedSnapshotFile"));
}

/** A new empty database: in-memory PGlite, or a new one on TEST_DATABASE_URL's server (`drop` removes it). */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return { url: "pglite:memory", drop: async () => {} };
  const name = `steward_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A context for calling a use case in process, as the server builds them:
 * this server's own dependencies, the system acting, through `surface`
 * (a dialect's name when the test stands in for that dialect's handler).
 */
export function systemContextOf(t: TestServer, surface = "system"): ServiceContext {
  const ctx = systemContext(t.server.deps);
  return { ...ctx, meta: { ...ctx.meta, dialect: surface } };
}

/** Creates a user through the API and returns it. */
export async function createUser(t: TestServer, fields: Record<string, unknown>): Promise<any> {
  const res = await t.api("POST", "/api/v1/users", { body: fields });
  if (res.status !== 201) throw new Error(`createUser failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Signs a user in and returns their session token. */
export async function loginAs(t: TestServer, username: string, password: string): Promise<string> {
  const res = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** Creates an API key with exactly these permissions and returns its secret. */
export async function apiKeyWith(t: TestServer, permissions: string[]): Promise<string> {
  const res = await t.api("POST", "/api/v1/api-keys", { body: { name: `test key (${permissions.length} permissions)`, permissions } });
  if (res.status !== 201) throw new Error(`api key failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.key;
}

/**
 * Row counts of the tables a rejected request must not touch. One statement
 * (one round trip, one snapshot of the database) rather than a query per
 * table: the bad-input suites read them around each of thousands of requests.
 */
export async function writeCounts(t: TestServer): Promise<Record<string, number>> {
  const [counts] = await t.server.db.prisma.$queryRaw<Record<string, number>[]>`SELECT
    (SELECT count(*) FROM users)::int AS "users",
    (SELECT count(*) FROM audit_events)::int AS "auditEvents",
    (SELECT count(*) FROM api_keys)::int AS "apiKeys",
    (SELECT count(*) FROM sessions)::int AS "sessions",
    (SELECT count(*) FROM sessions WHERE revoked_at IS NOT NULL)::int AS "revokedSessions",
    (SELECT count(*) FROM user_roles)::int AS "userRoles",
    (SELECT count(*) FROM invites)::int AS "invites",
    (SELECT coalesce(sum(uses), 0) FROM invites)::int AS "inviteUses",
    (SELECT count(*) FROM groups)::int AS "groups",
    (SELECT count(*) FROM group_memberships)::int AS "groupMemberships",
    (SELECT count(*) FROM follows)::int AS "follows",
    (SELECT count(*) FROM relays)::int AS "relays",
    (SELECT count(*) FROM attached_resources)::int AS "attachedResources",
    (SELECT count(*) FROM outbox_messages)::int AS "outboxMessages",
    -- A retry puts a failed message back to pending.
    (SELECT count(*) FROM outbox_messages WHERE status = 'pending')::int AS "outboxRetries",
    -- An account's own space: trashing a channel changes no count, so the trashed ones are counted apart.
    (SELECT count(*) FROM channels)::int AS "channels",
    (SELECT count(*) FROM channels WHERE trashed_at IS NOT NULL)::int AS "trashedChannels",
    (SELECT count(*) FROM access_tokens)::int AS "accessTokens",
    (SELECT count(*) FROM access_token_permissions)::int AS "accessTokenPermissions",
    (SELECT count(*) FROM bookmarks)::int AS "bookmarks"`;
  return { ...counts! };
}
