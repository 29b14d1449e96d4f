import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";

// The self-service area: any signed-in account, with no operator
// permission, reads and changes itself, and never another account.
const LOGIN_LIMIT = 3;
let t: TestServer;
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;

beforeAll(async () => {
  t = await startTestServer({ STEWARD_LOGIN_RATE_LIMIT: String(LOGIN_LIMIT) });
});
afterAll(() => t?.close());

/** An account holding no permission, signed in (twice when asked: two sessions). */
async function account(sessions = 1) {
  const username = fresh("self");
  const password = `${username}-password`;
  const { id } = await createUser(t, { username, password, email: `${username}@example.org` });
  const tokens: string[] = [];
  for (let i = 0; i < sessions; i++) tokens.push(await loginAs(t, username, password));
  return { id: id as string, username, password, token: tokens[0]!, tokens };
}

describe("your account", () => {
  it("GET /me answers the signed-in account with its ETag, with no permission held", async () => {
    const me = await account();
    const res = await t.api("GET", "/api/v1/me", { token: me.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: me.id, username: me.username, roles: [], directPermissions: [] });
    expect(res.headers.get("etag")).toMatch(/^"/);
    expect((await t.api("GET", "/api/v1/users", { token: me.token })).status).toBe(403);
  });

  it("needs a login session: no token is 401, an API key 403 session_required", async () => {
    expect((await t.api("GET", "/api/v1/me", { token: null })).status).toBe(401);
    const key = await apiKeyWith(t, ["users:read"]);
    const refused = await t.api("GET", "/api/v1/me", { token: key });
    expectProblem(refused, 403);
    expect(refused.body.reason).toBe("session_required");
  });
});

describe("your profile", () => {
  it("changes the profile's own fields, audited with the account as the actor", async () => {
    const me = await account();
    const res = await t.api("PATCH", "/api/v1/me", { token: me.token, body: { displayName: "Self Made", language: "fr-CH", email: `${me.username}@example.net` } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ displayName: "Self Made", language: "fr-CH", email: `${me.username}@example.net`, username: me.username });
    const audit = (await t.api("GET", `/api/v1/audit-events?action=user.profile_update&targetId=${me.id}`)).body.data;
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toMatchObject({ type: "user", id: me.id });
  });

  it("refuses what is an operator's to change (400), a taken email (409), a stale If-Match (412); writes nothing", async () => {
    const me = await account();
    const other = await account();
    const { headers } = await t.api("GET", "/api/v1/me", { token: me.token });
    await t.api("PATCH", "/api/v1/me", { token: me.token, body: { displayName: "Moved on" } });
    const before = await writeCounts(t);
    for (const body of [{ username: "renamed" }, { roles: ["admin"] }, { tags: ["vip"] }, { externalId: "x-1" }, { status: "active" }]) {
      expectProblem(await t.api("PATCH", "/api/v1/me", { token: me.token, body }), 400);
    }
    const taken = await t.api("PATCH", "/api/v1/me", { token: me.token, body: { email: `${other.username}@EXAMPLE.org` } });
    expectProblem(taken, 409);
    expect(taken.body.reason).toBe("email_taken");
    const stale = await t.api("PATCH", "/api/v1/me", { token: me.token, body: { displayName: "Too late" }, headers: { "if-match": headers.get("etag")! } });
    expectProblem(stale, 412);
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", "/api/v1/me", { token: me.token })).body.displayName).toBe("Moved on");
  });
});

describe("your password", () => {
  it("changes with the current one; the other sessions end, this one stays; the new one signs in, the old one not", async () => {
    const me = await account(2);
    const [current, other] = me.tokens;
    const res = await t.api("POST", "/api/v1/me/password", { token: current, body: { currentPassword: me.password, newPassword: "a-brand-new-passphrase" } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ sessionsEnded: 1 });
    expect((await t.api("GET", "/api/v1/me", { token: other })).status).toBe(401);
    expect((await t.api("GET", "/api/v1/me", { token: current })).status).toBe(200);
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: me.username, password: me.password } })).status).toBe(401);
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: me.username, password: "a-brand-new-passphrase" } })).status).toBe(200);
    const audit = (await t.api("GET", `/api/v1/audit-events?action=user.password_change&targetId=${me.id}`)).body.data;
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain("a-brand-new-passphrase");
  });

  it("a wrong current password and a refused new one are distinct 422s; nothing changes", async () => {
    const me = await account(2);
    const before = await writeCounts(t);
    const wrong = await t.api("POST", "/api/v1/me/password", { token: me.token, body: { currentPassword: "not-my-password", newPassword: "a-brand-new-passphrase" } });
    expectProblem(wrong, 422);
    expect(wrong.body.reason).toBe("wrong_password");
    expect(wrong.body.errors[0].path).toBe("body.currentPassword");
    const weak = await t.api("POST", "/api/v1/me/password", { token: me.token, body: { currentPassword: me.password, newPassword: "short" } });
    expectProblem(weak, 422);
    expect(weak.body.reason).toBe("weak_password");
    expect(weak.body.errors[0].path).toBe("body.newPassword");
    const common = await t.api("POST", "/api/v1/me/password", { token: me.token, body: { currentPassword: me.password, newPassword: "password123" } });
    expect(common.body.reason).toBe("common_password");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", "/api/v1/me", { token: me.tokens[1] })).status).toBe(200);
  });

  it(`wrong current passwords count against the sign-in limits (${LOGIN_LIMIT}): then 429, even with the right one`, async () => {
    const me = await account();
    const from = { "x-forwarded-for": "198.51.100.40" };
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      const res = await t.api("POST", "/api/v1/me/password", { token: me.token, headers: from, body: { currentPassword: `guess-${i}`, newPassword: "a-brand-new-passphrase" } });
      expect(res.body.reason).toBe("wrong_password");
    }
    const limited = await t.api("POST", "/api/v1/me/password", { token: me.token, headers: from, body: { currentPassword: me.password, newPassword: "a-brand-new-passphrase" } });
    expectProblem(limited, 429);
    expect(limited.body.reason).toBe("login_rate_limited");
    // The sign-in form from that address is limited for this account too: one count.
    const signIn = await t.api("POST", "/api/v1/auth/login", { token: null, headers: from, body: { username: me.username, password: me.password } });
    expect(signIn.status).toBe(429);
  });
});

describe("your sessions", () => {
  it("are listed newest first, with the one calling marked", async () => {
    const me = await account(3);
    const res = await t.api("GET", "/api/v1/me/sessions", { token: me.tokens[2] });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.data.map((s: any) => s.current)).toEqual([true, false, false]);
    expect(res.body.data.every((s: any) => s.userId === me.id)).toBe(true);
  });

  it("one is ended by id; everyone else's is a 404 and stays", async () => {
    const me = await account(2);
    const stranger = await account(1);
    const strangers = (await t.api("GET", "/api/v1/me/sessions", { token: stranger.token })).body.data[0].id;
    const before = await writeCounts(t);
    const guessed = await t.api("DELETE", `/api/v1/me/sessions/${strangers}`, { token: me.token });
    expectProblem(guessed, 404);
    expect(guessed.body.reason).toBe("session_not_found");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", "/api/v1/me", { token: stranger.token })).status).toBe(200);

    const mine = (await t.api("GET", "/api/v1/me/sessions", { token: me.token })).body.data.find((s: any) => !s.current).id;
    expect((await t.api("DELETE", `/api/v1/me/sessions/${mine}`, { token: me.token })).status).toBe(204);
    expect((await t.api("GET", "/api/v1/me", { token: me.tokens[1] })).status).toBe(401);
  });

  it("sign out everywhere else: every session but this one ends, and no one else's", async () => {
    const me = await account(3);
    const stranger = await account(1);
    const res = await t.api("DELETE", "/api/v1/me/sessions", { token: me.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: 2 });
    expect((await t.api("GET", "/api/v1/me", { token: me.token })).status).toBe(200);
    for (const token of me.tokens.slice(1)) expect((await t.api("GET", "/api/v1/me", { token })).status).toBe(401);
    expect((await t.api("GET", "/api/v1/me", { token: stranger.token })).status).toBe(200);
    expect((await t.api("GET", "/api/v1/me/sessions", { token: me.token })).body.total).toBe(1);
  });
});
