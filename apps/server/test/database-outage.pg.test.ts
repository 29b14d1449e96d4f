import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChildServer, type ChildServer } from "./support/child-server.ts";
import { contractViolation } from "./support/contract-check.ts";
import { eventually } from "./support/eventually.ts";
import { startThrowawayPostgres, type ThrowawayPostgres } from "./support/throwaway-postgres.ts";

// PostgreSQL only: Steward keeps running while its database stops and comes
// back. The database is a throwaway PostgreSQL of this file's own (the shared
// one on 5432 is never stopped); Steward runs as a child process so its log
// lines can be read.
const ADMIN = { username: "admin", password: "outage-admin-password" };

let db: ThrowawayPostgres;
let steward: ChildServer & { url: string };
let adminToken: string;

beforeAll(async () => {
  db = await startThrowawayPostgres();
  steward = await startChildServer({
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: "4",
    STEWARD_ADMIN_USERNAME: ADMIN.username,
    STEWARD_ADMIN_PASSWORD: ADMIN.password,
  });
  adminToken = (await call("POST", "/api/v1/auth/login", { body: ADMIN })).body.token;
}, 120_000);

afterAll(async () => {
  if (steward && steward.child.exitCode === null && steward.child.signalCode === null) {
    steward.kill("SIGKILL");
    await steward.exited;
  }
  await db?.destroy();
}, 120_000);

interface Answer {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: any;
}

async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(steward.url + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { method, path, status: response.status, headers: response.headers, body };
}

/** What is wrong with an answer given while the database is away; null when it is the expected 503, as the contract declares it. */
function notUnavailable(answer: Answer): string | null {
  const ok =
    answer.status === 503 &&
    String(answer.headers.get("content-type")).startsWith("application/problem+json") &&
    answer.body?.code === "service_unavailable" &&
    Number(answer.headers.get("retry-after")) >= 1;
  return ok ? contractViolation(answer.method, answer.path, answer) : `${answer.status} retry-after=${answer.headers.get("retry-after")} ${JSON.stringify(answer.body)}`;
}

/** Stops the database, runs `during`, and starts it again whatever happened. */
async function whileStopped(mode: "fast" | "immediate", during: () => Promise<void>): Promise<void> {
  await db.stop(mode);
  try {
    await during();
  } finally {
    await db.start();
  }
}

/**
 * Several clients creating users without pause. Every answer must be a 201
 * or a 503 problem with Retry-After; anything else (a 500, a reset
 * connection) is collected as an anomaly.
 */
function writeLoad(run: string, clients: number) {
  const acknowledged: string[] = [];
  const anomalies: string[] = [];
  let unavailable = 0;
  let running = true;
  const worker = async (w: number) => {
    for (let n = 0; running; n++) {
      const username = `${run}-${w}-${n}`;
      try {
        // Some with a password: hashing it keeps the request in flight between sign-in check and write.
        const password = n % 4 === 0 ? { password: `pw-${username}-secret` } : {};
        const answer = await call("POST", "/api/v1/users", {
          token: adminToken,
          body: { username, email: `${username}@example.org`, ...password },
        });
        if (answer.status === 201) acknowledged.push(username);
        else {
          const wrong = notUnavailable(answer);
          if (wrong) anomalies.push(`${username}: ${wrong}`);
          else unavailable++;
        }
      } catch (error) {
        anomalies.push(`${username}: no HTTP answer: ${String((error as Error).cause ?? error)}`);
      }
      // Paced: the machine is shared with other test files.
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const workers = Array.from({ length: clients }, (_, w) => worker(w));
  return {
    acknowledged,
    anomalies,
    unavailable: () => unavailable,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

async function storedUsernames(usernames: string[]): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ username: string }>("SELECT username::text FROM users WHERE username::text = ANY($1)", [usernames]);
    return new Set(rows.map((row) => row.username));
  } finally {
    await client.end();
  }
}

describe.each(["fast", "immediate"] as const)("PostgreSQL stopped (%s) under write load", (mode) => {
  it("answers 503 problem+json with Retry-After (never a 500 or a reset), recovers without a restart, and keeps every acknowledged user", async () => {
    const load = writeLoad(`load-${mode}`, 4);
    try {
      await eventually("writes before the outage", async () => load.acknowledged.length >= 8, { withinMs: 30_000 });
      await whileStopped(mode, async () => {
        await eventually("answers during the outage", async () => load.unavailable() + load.anomalies.length >= 12, { withinMs: 30_000 });
        expect((await call("GET", "/readyz")).status).toBe(503);
      });
      const before = load.acknowledged.length;
      await eventually("writes after the database is back", async () => load.acknowledged.length >= before + 8, { withinMs: 60_000 });
    } finally {
      await load.stop();
    }
    expect(steward.child.exitCode, "Steward kept running").toBeNull();
    expect(load.anomalies).toEqual([]);
    expect((await call("GET", "/readyz")).status).toBe(200);
    const stored = await storedUsernames(load.acknowledged);
    expect(load.acknowledged.filter((username) => !stored.has(username))).toEqual([]);
  }, 180_000);
});

describe("requests while the database is away", () => {
  it("sign-in and authentication of an unused API key answer 503 like any handler", async () => {
    const password = "outage-auth-password";
    await call("POST", "/api/v1/users", { token: adminToken, body: { username: "outage-auth", password } });
    const key = (await call("POST", "/api/v1/api-keys", { token: adminToken, body: { name: "unused", permissions: ["users:read"] } })).body.key;
    await whileStopped("fast", async () => {
      expect(notUnavailable(await call("POST", "/api/v1/auth/login", { body: { username: "outage-auth", password } }))).toBeNull();
      expect(notUnavailable(await call("GET", "/api/v1/users", { token: key }))).toBeNull();
    });
    await eventually("authentication after the database is back", async () => (await call("GET", "/api/v1/users", { token: key })).status === 200, { withinMs: 60_000 });
  }, 120_000);

  it("nothing secret or personal reaches the log when database calls fail: the database away, or rejecting rows with an error quoting them", async () => {
    const run = randomBytes(4).toString("hex");
    const user = { username: `secret-${run}`, email: `secret-${run}@example.org`, password: `pw-${run}-do-not-log` };
    expect((await call("POST", "/api/v1/users", { token: adminToken, body: user })).status).toBe(201);
    const session = (await call("POST", "/api/v1/auth/login", { body: { username: user.username, password: user.password } })).body.token;
    const key = (await call("POST", "/api/v1/api-keys", { token: adminToken, body: { name: `key-${run}`, permissions: ["users:read"] } })).body.key;
    expect(session).toMatch(/^sts_/);
    expect(key).toMatch(/^stk_/);
    const logFrom = steward.output().length;
    const sent: string[] = [user.username, user.email, user.password, session, key];
    const secretRequests = async (i: number) => {
      const other = { username: `secret-${run}-${i}`, email: `hidden-${run}-${i}@example.org`, password: `pw-${run}-${i}-do-not-log` };
      sent.push(other.username, other.email, other.password);
      return [
        await call("POST", "/api/v1/users", { token: adminToken, body: other }),
        await call("POST", "/api/v1/auth/login", { body: { username: user.username, password: user.password } }),
        await call("POST", "/api/v1/api-keys", { token: adminToken, body: { name: `key-${run}-${i}`, permissions: ["users:read"] } }),
        await call("GET", "/api/v1/users", { token: key }),
        await call("GET", "/api/v1/auth/me", { token: session }),
      ];
    };

    await whileStopped("fast", async () => {
      for (let i = 0; i < 2; i++) await secretRequests(i);
    });
    await eventually("the database back", async () => (await call("GET", "/readyz")).status === 200, { withinMs: 60_000 });
    await whileRejectingRows(async () => {
      const [createdUser, signedIn, createdKey] = await secretRequests(2);
      expect([createdUser!.status, signedIn!.status, createdKey!.status]).toEqual([500, 500, 500]);
    });

    const log = steward.output().slice(logFrom);
    expect(log.match(/\b(stk|sts)_\w+/g) ?? []).toEqual([]);
    expect(log.match(/\b[0-9a-f]{64}\b/gi) ?? []).toEqual([]);
    expect(log.match(/\$argon2\w*\$[^"\s]*/g) ?? []).toEqual([]);
    expect(sent.filter((value) => log.includes(value))).toEqual([]);
    // The failures themselves are logged, by what names them.
    expect(log).toContain('"msg":"database unavailable"');
    expect(log).toContain('"sqlState":"22P02"');
  }, 120_000);
});

/**
 * Makes the database refuse new users, sessions and API keys with an error
 * of its own that quotes the whole row (a failed cast: PostgreSQL's message
 * for any bad value carries the value), then lifts it.
 */
async function whileRejectingRows(during: () => Promise<void>): Promise<void> {
  const tables = ["users", "sessions", "api_keys"];
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`CREATE FUNCTION reject_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM (row_to_json(NEW)::text)::uuid; RETURN NEW; END $$`);
    for (const table of tables) await client.query(`CREATE TRIGGER reject_row BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION reject_row()`);
    await during();
  } finally {
    await client.query("DROP FUNCTION IF EXISTS reject_row() CASCADE");
    await client.end();
  }
}
