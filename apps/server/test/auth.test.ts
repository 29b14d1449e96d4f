import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import { ADMIN, apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";

let t: TestServer;
/** The server's clock: expiry tests move it instead of sleeping. */
const clock = new ManualClock();
beforeAll(async () => {
  t = await startTestServer({}, { clock });
  await createUser(t, { username: "ada", password: "ada-password-1", email: "ada@example.org" });
});
afterAll(() => t?.close());

describe("POST /api/v1/auth/login", () => {
  it("answers a token, its expiry and the user", async () => {
    const res = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "ada", password: "ada-password-1" } });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^sts_/);
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(res.body.user).toMatchObject({ username: "ada", email: "ada@example.org" });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers the user as the sign-in left it, and records the session and one session.create event", async () => {
    const user = await createUser(t, { username: "fresh", password: "fresh-password-1" });
    const res = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "fresh", password: "fresh-password-1" } });
    expect(res.status).toBe(200);
    const read = await t.api("GET", `/api/v1/users/${user.id}`);
    expect(res.body.user.lastLoginAt).not.toBeNull();
    expect(res.body.user).toEqual(read.body);
    const sessions = await t.server.db.prisma.session.findMany({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    const events = await t.server.db.prisma.auditEvent.findMany({ where: { action: "session.create", actorId: user.id } });
    expect(events.map((event) => event.targetId)).toEqual([sessions[0]!.id]);
  });

  it("accepts the username in any case, or the email", async () => {
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "ADA", password: "ada-password-1" } })).status).toBe(200);
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "ada@example.org", password: "ada-password-1" } })).status).toBe(200);
  });

  it("answers the same 401 for a wrong password and an unknown user", async () => {
    const wrong = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "ada", password: "nope-nope-nope" } });
    const unknown = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "nobody", password: "nope-nope-nope" } });
    expectProblem(wrong, 401, "unauthorized");
    expectProblem(unknown, 401, "unauthorized");
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it("refuses a deactivated account with that same answer", async () => {
    const user = await createUser(t, { username: "dormant", password: "dormant-password" });
    await t.api("POST", `/api/v1/users/${user.id}/deactivate`);
    const res = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "dormant", password: "dormant-password" } });
    expectProblem(res, 401, "unauthorized");
    expect(res.body.detail).toBe("Wrong username or password");
  });

  it("stores sessions hashed, never the token", async () => {
    const token = await loginAs(t, "ada", "ada-password-1");
    const sessions = await t.server.db.prisma.session.findMany();
    expect(sessions.some((s) => s.tokenHash.includes(token) || token.includes(s.tokenHash))).toBe(false);
    const users = await t.server.db.prisma.user.findMany({ where: { username: "ada" } });
    expect(users[0]!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe("sessions", () => {
  it("GET /auth/me tells who is calling and what they may do", async () => {
    const token = await loginAs(t, "ada", "ada-password-1");
    const me = await t.api("GET", "/api/v1/auth/me", { token });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe("ada");
    expect(me.body.permissions).toEqual([]);
    expect(me.body.session.id).toBeTruthy();
    const admin = await t.api("GET", "/api/v1/auth/me");
    expect(admin.body.permissions).toEqual(["*"]);
  });

  it("logout ends the session: the token is refused afterwards", async () => {
    const token = await loginAs(t, "ada", "ada-password-1");
    expect((await t.api("POST", "/api/v1/auth/logout", { token })).status).toBe(204);
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token }), 401, "unauthorized");
  });

  it("a changed password ends the user's sessions", async () => {
    const user = await createUser(t, { username: "rotator", password: "first-password" });
    const token = await loginAs(t, "rotator", "first-password");
    await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { password: "second-password" } });
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token }), 401);
    expect(await loginAs(t, "rotator", "second-password")).toMatch(/^sts_/);
  });

  it("deactivating a user ends their sessions", async () => {
    const user = await createUser(t, { username: "leaver", password: "leaver-password" });
    const token = await loginAs(t, "leaver", "leaver-password");
    await t.api("POST", `/api/v1/users/${user.id}/deactivate`);
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token }), 401);
  });

  it("rejects malformed and unknown bearer tokens", async () => {
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token: "sts_not-a-real-token" }), 401);
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token: null, headers: { authorization: "Basic YWRtaW46eA==" } }), 401);
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token: "x".repeat(5000) }), 401);
  });
});

describe("API keys", () => {
  it("are shown once, stored hashed, and work as bearer tokens", async () => {
    const created = await t.api("POST", "/api/v1/api-keys", { body: { name: "reporting", permissions: ["users:read"] } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^stk_/);
    expect(created.body.prefix).toBe(created.body.key.slice(0, 12));
    const fetched = await t.api("GET", `/api/v1/api-keys/${created.body.id}`);
    expect(fetched.body.key).toBeUndefined();
    const stored = await t.server.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(JSON.stringify(stored)).not.toContain(created.body.key);

    const list = await t.api("GET", "/api/v1/users", { token: created.body.key });
    expect(list.status).toBe(200);
    const me = await t.api("GET", "/api/v1/auth/me", { token: created.body.key });
    expect(me.body).toMatchObject({ user: null, apiKey: { id: created.body.id, name: "reporting" }, permissions: ["users:read"] });
    const after = await t.api("GET", `/api/v1/api-keys/${created.body.id}`);
    expect(after.body.lastUsedAt).not.toBeNull();
    // And from where: the test client's address.
    expect(after.body.lastUsedIp).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });

  it("are limited to their permissions", async () => {
    const key = await apiKeyWith(t, ["users:read"]);
    expectProblem(await t.api("POST", "/api/v1/users", { token: key, body: { username: "x1" } }), 403, "forbidden");
  });

  it("stop working once revoked, and revoking twice is harmless", async () => {
    const created = await t.api("POST", "/api/v1/api-keys", { body: { name: "temp", permissions: ["users:read"] } });
    expect((await t.api("DELETE", `/api/v1/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await t.api("DELETE", `/api/v1/api-keys/${created.body.id}`)).status).toBe(204);
    expectProblem(await t.api("GET", "/api/v1/users", { token: created.body.key }), 401);
    const listed = await t.api("GET", "/api/v1/api-keys");
    expect(listed.body.data.map((k: any) => k.id)).not.toContain(created.body.id);
    const all = await t.api("GET", "/api/v1/api-keys?includeRevoked=true");
    expect(all.body.data.find((k: any) => k.id === created.body.id).revokedAt).not.toBeNull();
  });

  it("stop working once expired", async () => {
    const created = await t.api("POST", "/api/v1/api-keys", {
      body: { name: "short", permissions: ["users:read"], expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() },
    });
    expect((await t.api("GET", "/api/v1/users", { token: created.body.key })).status).toBe(200);
    clock.advance(59_000);
    expect((await t.api("GET", "/api/v1/users", { token: created.body.key })).status).toBe(200);
    clock.advance(1_000);
    expectProblem(await t.api("GET", "/api/v1/users", { token: created.body.key }), 401);
  });

  it("cannot hold more than their creator holds", async () => {
    const key = await apiKeyWith(t, ["api-keys:create", "users:read"]);
    const before = await writeCounts(t);
    const res = await t.api("POST", "/api/v1/api-keys", { token: key, body: { name: "escalate", permissions: ["users:delete"] } });
    expectProblem(res, 403, "forbidden");
    expect(await writeCounts(t)).toEqual(before);
  });

  it("list pages with totals", async () => {
    for (let i = 0; i < 3; i++) await apiKeyWith(t, ["users:read"]);
    const first = await t.api("GET", "/api/v1/api-keys?limit=2");
    expect(first.body.data).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    const second = await t.api("GET", `/api/v1/api-keys?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data[0].id).not.toBe(first.body.data[1].id);
  });
});

describe("sign-in throttling", () => {
  it("answers 429 after too many failures for one username, even with the right password", async () => {
    await createUser(t, { username: "target", password: "target-password" });
    for (let i = 0; i < 10; i++) {
      expectProblem(await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "target", password: `wrong-${i}` } }), 401);
    }
    const res = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "target", password: "target-password" } });
    expectProblem(res, 429, "rate_limit_exceeded");
  });
});

describe("session lifetime and password hashing parameters", () => {
  it("sessions expire after STEWARD_SESSION_TTL", async () => {
    const shortClock = new ManualClock();
    const short = await startTestServer({ STEWARD_SESSION_TTL: "3600" }, { clock: shortClock });
    try {
      expect((await short.api("GET", "/api/v1/auth/me")).status).toBe(200);
      shortClock.advance(3599_000);
      expect((await short.api("GET", "/api/v1/auth/me")).status).toBe(200);
      shortClock.advance(1_000);
      expectProblem(await short.api("GET", "/api/v1/auth/me"), 401);
    } finally {
      await short.close();
    }
  });

  it("rehashes a password at sign-in when the argon2 parameters changed", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "steward-rehash-"));
    // PGlite in a folder keeps the data across the two starts; on PostgreSQL,
    // the harness makes a fresh database per server, so this test uses PGlite.
    const env = { DATABASE_URL: `pglite:${dir}` };
    try {
      const first = await startTestServer({ ...env, STEWARD_ARGON2_MEMORY_KIB: "19456" });
      await first.close();
      const second = await startTestServer({ ...env, STEWARD_ARGON2_MEMORY_KIB: "24576" });
      try {
        const admin = await second.server.db.prisma.user.findUniqueOrThrow({ where: { username: ADMIN.username } });
        expect(admin.passwordHash).toMatch(/\$m=24576,t=2,p=1\$/);
        expect(await loginAs(second, ADMIN.username, ADMIN.password)).toMatch(/^sts_/);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
