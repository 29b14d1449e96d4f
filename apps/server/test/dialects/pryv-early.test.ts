import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PryvEarlyBookmarkSchema, PryvEarlyChannelSchema, PryvEarlyTokenSchema, PryvEarlyUserInfoSchema } from "@steward/contracts";
import { ManualClock } from "../../src/index.ts";
import { apiKeyWith, createUser, startTestServer, writeCounts, type ApiResponse, type TestServer } from "../harness.ts";
import { PRYV_PREFIX, expectPryvEarlyError } from "../support/contract-check.ts";

// The early Pryv admin methods at /pryv (beside the Pryv Admin API 1.9):
// an account administering itself through a session from /admin/login.
// Every row, every error id with its status, Server-Time on every answer,
// isolation between accounts, and accounts made through other surfaces.
let t: TestServer;
const clock = new ManualClock();
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;

beforeAll(async () => {
  t = await startTestServer({}, { clock });
});
afterAll(() => t?.close());

/** A request as Pryv's clients send it: the session id, whole, in `Authorization`. */
const early = (method: string, path: string, sessionId: string | null, body?: unknown) =>
  t.api(method, `${PRYV_PREFIX}${path}`, { token: null, body, headers: sessionId ? { authorization: sessionId } : {} });

async function signIn(userName: string, password: string, appId = "Diary App"): Promise<string> {
  const res = await early("POST", "/admin/login", null, { userName, password, appId });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(typeof res.body.sessionID).toBe("string");
  return res.body.sessionID;
}

/** An account holding no permission, with a session opened by the early methods. */
async function account() {
  const username = fresh("early");
  const password = `${username}-password`;
  const { id } = await createUser(t, { username, password, email: `${username}@example.org` });
  return { id: id as string, username, password, session: await signIn(username, password) };
}

const serverTime = (res: ApiResponse) => Number(res.headers.get("server-time"));

describe("sessions", () => {
  it("login opens a real session, listed among the account's with its slugified app id; logout ends it", async () => {
    const me = await account();
    const sessions = (await t.api("GET", `/api/v1/users/${me.id}/sessions`)).body.data;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ surface: "pryv-early", appId: "diary-app" });
    const out = await early("POST", "/admin/logout", me.session);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({});
    expectPryvEarlyError(await early("GET", "/admin/user-info", me.session), 401, "INVALID_CREDENTIALS");
  });

  it("a wrong password, an unknown user and a missing session are 401 INVALID_CREDENTIALS; a malformed login 400", async () => {
    const me = await account();
    expectPryvEarlyError(await early("POST", "/admin/login", null, { userName: me.username, password: "wrong-password", appId: "x" }), 401, "INVALID_CREDENTIALS");
    expectPryvEarlyError(await early("POST", "/admin/login", null, { userName: "nobody-here", password: "wrong-password", appId: "x" }), 401, "INVALID_CREDENTIALS");
    expectPryvEarlyError(await early("GET", "/admin/channels", null), 401, "INVALID_CREDENTIALS");
    expectPryvEarlyError(await early("GET", "/admin/channels", "not-a-session"), 401, "INVALID_CREDENTIALS");
    expectPryvEarlyError(await early("POST", "/admin/login", null, { userName: me.username, password: me.password }), 400, "INVALID_PARAMETERS_FORMAT");
    const malformed = await t.api("POST", `${PRYV_PREFIX}/admin/login`, { token: null, rawBody: "{nope", headers: { "content-type": "application/json" } });
    expectPryvEarlyError(malformed, 400, "INVALID_PARAMETERS_FORMAT");
  });

  it("an API key is refused (403 FORBIDDEN): the account's own space is a login session's", async () => {
    const key = await apiKeyWith(t, ["users:read"]);
    expectPryvEarlyError(await early("GET", "/admin/channels", key), 403, "FORBIDDEN");
  });
});

describe("Server-Time", () => {
  it("is on every answer, from the server's clock, errors included (400, 401, 404)", async () => {
    const me = await account();
    const before = clock.now().getTime() / 1000;
    const ok = await early("GET", "/admin/user-info", me.session);
    expect(serverTime(ok)).toBe(before);
    await clock.advance(90_500);
    const later = await early("GET", "/admin/user-info", me.session);
    expect(serverTime(later)).toBe(before + 90.5);
    for (const res of [
      await early("GET", "/admin/user-info", null),
      await early("PUT", "/admin/channels/00000000-0000-4000-8000-000000000000", me.session, { name: "x" }),
      await early("POST", "/admin/channels", me.session, { name: "" }),
      await early("PATCH", "/admin/channels", me.session, {}),
    ]) {
      expect(res.headers.get("server-time"), `${res.status}`).toBe(String(before + 90.5));
    }
    // A path of its own with a method it does not serve is its 405, with Allow; a path it does not have is the Pryv Admin API 1.9's.
    const wrongMethod = await early("PATCH", "/admin/channels", me.session, {});
    expectPryvEarlyError(wrongMethod, 405, "METHOD_NOT_ALLOWED");
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    const elsewhere = await early("GET", "/admin/no-such-thing", me.session);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toEqual({ error: { message: "Cannot GET /pryv/admin/no-such-thing" } });
  });

  it("is not on the Pryv Admin API 1.9's answers, which share /pryv", async () => {
    const res = await t.api("GET", `${PRYV_PREFIX}/users`, { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("server-time")).toBeNull();
    expect(res.body).toEqual({ error: { message: "Invalid token" } });
    expect((await t.api("GET", `${PRYV_PREFIX}/openapi.json`, { token: null })).body.info.title).toMatch(/1\.9/);
    expect((await t.api("GET", `${PRYV_PREFIX}/admin/openapi.json`, { token: null })).body.info.title).toMatch(/Early Pryv/);
  });
});

describe("user information and password", () => {
  it("GET and PUT /admin/user-info: the fields given change, the others stay; a taken email is ITEM_ALREADY_EXISTS", async () => {
    const me = await account();
    const other = await account();
    const info = await early("GET", "/admin/user-info", me.session);
    expect(PryvEarlyUserInfoSchema.parse(info.body)).toMatchObject({ userName: me.username, email: `${me.username}@example.org`, displayName: null });
    const put = await early("PUT", "/admin/user-info", me.session, { displayName: "Early Bird", language: "fr" });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ userName: me.username, displayName: "Early Bird", language: "fr", email: `${me.username}@example.org` });
    expect((await t.api("GET", `/api/v1/users/${me.id}`)).body).toMatchObject({ displayName: "Early Bird", language: "fr" });
    const audit = (await t.api("GET", `/api/v1/audit-events?action=user.profile_update&targetId=${me.id}`)).body.data;
    expect(audit[0]).toMatchObject({ dialect: "pryv-early", actor: { type: "user", id: me.id } });
    expectPryvEarlyError(await early("PUT", "/admin/user-info", me.session, { email: `${other.username}@example.org` }), 400, "ITEM_ALREADY_EXISTS");
    expectPryvEarlyError(await early("PUT", "/admin/user-info", me.session, { userName: "renamed" }), 400, "INVALID_PARAMETERS_FORMAT");
  });

  it("change-password: WRONG_PASSWORD and INVALID_NEW_PASSWORD change nothing; a change ends the other sessions, not this one", async () => {
    const me = await account();
    const second = await signIn(me.username, me.password, "Other App");
    const before = await writeCounts(t);
    expectPryvEarlyError(await early("POST", "/admin/change-password", me.session, { oldPassword: "not-it-at-all", newPassword: "a-new-long-passphrase" }), 400, "WRONG_PASSWORD");
    expectPryvEarlyError(await early("POST", "/admin/change-password", me.session, { oldPassword: me.password, newPassword: "short" }), 400, "INVALID_NEW_PASSWORD");
    expectPryvEarlyError(await early("POST", "/admin/change-password", me.session, { oldPassword: me.password, newPassword: "password123" }), 400, "INVALID_NEW_PASSWORD");
    expect(await writeCounts(t)).toEqual(before);
    const res = await early("POST", "/admin/change-password", me.session, { oldPassword: me.password, newPassword: "a-new-long-passphrase" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({});
    expectPryvEarlyError(await early("GET", "/admin/user-info", second), 401, "INVALID_CREDENTIALS");
    expect((await early("GET", "/admin/user-info", me.session)).status).toBe(200);
    expectPryvEarlyError(await early("POST", "/admin/login", null, { userName: me.username, password: me.password, appId: "x" }), 401, "INVALID_CREDENTIALS");
    await signIn(me.username, "a-new-long-passphrase");
  });
});

describe("tokens", () => {
  it("get-my-token: the session's app gets one personal token, the same on every call; another app another", async () => {
    const me = await account();
    const first = await early("POST", "/admin/get-my-token", me.session);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.token).toMatch(/^sta_/);
    expect((await early("POST", "/admin/get-my-token", me.session)).body).toEqual(first.body);
    const otherApp = await signIn(me.username, me.password, "Other App");
    const second = await early("POST", "/admin/get-my-token", otherApp);
    expect(second.body.id).not.toBe(first.body.id);
    const apps = (await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: me.username, password: me.password } })).body.token;
    const listed = (await t.api("GET", "/api/v1/me/app-tokens", { token: apps })).body.data;
    expect(listed.map((token: { appId: string }) => token.appId)).toEqual(["diary-app", "other-app"]);
    // Shared tokens only in /admin/tokens.
    expect((await early("GET", "/admin/tokens", me.session)).body).toEqual([]);
  });

  it("shared tokens: create 201 {id}, listed by name without the secret, partial update, delete; UNKNOWN_TOKEN after", async () => {
    const me = await account();
    const channel = (await early("POST", "/admin/channels", me.session, { name: "Work" })).body.id;
    const b = await early("POST", "/admin/tokens", me.session, { name: "b-share", permissions: [{ channelId: channel, level: "read" }] });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body.token).toMatch(/^sta_/);
    const a = await early("POST", "/admin/tokens", me.session, { name: "a-share", type: "shared", permissions: [], expires: clock.now().getTime() / 1000 + 3600 });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const list = await early("GET", "/admin/tokens", me.session);
    expect(list.status).toBe(200);
    expect(list.body.map((token: { name: string }) => token.name)).toEqual(["a-share", "b-share"]);
    for (const token of list.body) PryvEarlyTokenSchema.parse(token);
    expect(JSON.stringify(list.body)).not.toContain(b.body.token);
    expect(list.body[0].expires).toBe(clock.now().getTime() / 1000 + 3600);
    const put = await early("PUT", `/admin/tokens/${b.body.id}`, me.session, { permissions: [{ channelId: channel, level: "manage" }] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ name: "b-share", type: "shared", permissions: [{ channelId: channel, level: "manage" }] });
    expect((await early("DELETE", `/admin/tokens/${b.body.id}`, me.session)).body).toEqual({});
    expectPryvEarlyError(await early("DELETE", `/admin/tokens/${b.body.id}`, me.session), 404, "UNKNOWN_TOKEN");
    expectPryvEarlyError(await early("PUT", "/admin/tokens/not-a-token", me.session, { name: "x" }), 404, "UNKNOWN_TOKEN");
  });

  it("refuses a permission on a channel not the account's, a taken name, an expiry in the past; writes nothing", async () => {
    const me = await account();
    const other = await account();
    const theirs = (await early("POST", "/admin/channels", other.session, { name: "Theirs" })).body.id;
    await early("POST", "/admin/tokens", me.session, { name: "taken", permissions: [] });
    const before = await writeCounts(t);
    expectPryvEarlyError(await early("POST", "/admin/tokens", me.session, { name: "x", permissions: [{ channelId: theirs, level: "read" }] }), 400, "UNKNOWN_REFERENCED_RESOURCE");
    expectPryvEarlyError(await early("POST", "/admin/tokens", me.session, { name: "x", permissions: [{ channelId: "nope", level: "read" }] }), 400, "UNKNOWN_REFERENCED_RESOURCE");
    expectPryvEarlyError(await early("POST", "/admin/tokens", me.session, { name: "taken", permissions: [] }), 400, "ITEM_ALREADY_EXISTS");
    expectPryvEarlyError(await early("POST", "/admin/tokens", me.session, { name: "x", permissions: [], expires: 1 }), 400, "INVALID_PARAMETERS_FORMAT");
    expectPryvEarlyError(await early("POST", "/admin/tokens", me.session, { name: "x", permissions: [{ channelId: theirs, level: "own" }] }), 400, "INVALID_PARAMETERS_FORMAT");
    expectPryvEarlyError(await early("POST", "/admin/tokens", me.session, { name: "x", type: "personal" }), 400, "INVALID_PARAMETERS_FORMAT");
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("bookmarks", () => {
  it("list by name, 201 {id}, partial update, delete; UNKNOWN_BOOKMARK; http(s) URLs only", async () => {
    const me = await account();
    const z = await early("POST", "/admin/bookmarks", me.session, { name: "Zed's diary", url: "https://zed.example.org/", accessToken: "their-shared-token" });
    expect(z.status, JSON.stringify(z.body)).toBe(201);
    const a = await early("POST", "/admin/bookmarks", me.session, { name: "Ann's runs", url: "http://ann.example.org/runs" });
    expect(a.status).toBe(201);
    const list = await early("GET", "/admin/bookmarks", me.session);
    expect(list.body.map((b: { name: string }) => b.name)).toEqual(["Ann's runs", "Zed's diary"]);
    for (const bookmark of list.body) PryvEarlyBookmarkSchema.parse(bookmark);
    expect(list.body[1]).toEqual({ id: z.body.id, name: "Zed's diary", url: "https://zed.example.org/", accessToken: "their-shared-token" });
    const put = await early("PUT", `/admin/bookmarks/${z.body.id}`, me.session, { accessToken: null });
    expect(put.body).toEqual({ id: z.body.id, name: "Zed's diary", url: "https://zed.example.org/", accessToken: null });
    const before = await writeCounts(t);
    for (const url of ["javascript:alert(1)", "ftp://files.example.org/", "https://user:pw@example.org/", "not a url"]) {
      expectPryvEarlyError(await early("POST", "/admin/bookmarks", me.session, { name: "bad", url }), 400, "INVALID_PARAMETERS_FORMAT");
    }
    expect(await writeCounts(t)).toEqual(before);
    expect((await early("DELETE", `/admin/bookmarks/${a.body.id}`, me.session)).body).toEqual({});
    expectPryvEarlyError(await early("DELETE", `/admin/bookmarks/${a.body.id}`, me.session), 404, "UNKNOWN_BOOKMARK");
  });
});

describe("channels", () => {
  it("list by name with state; DELETE trashes, then deletes for good; PUT {trashed:false} restores; UNKNOWN_CHANNEL", async () => {
    const me = await account();
    const work = await early("POST", "/admin/channels", me.session, { name: "Work", color: "#336699", clientData: { icon: "briefcase" } });
    expect(work.status, JSON.stringify(work.body)).toBe(201);
    const home = (await early("POST", "/admin/channels", me.session, { name: "Home" })).body.id;
    const list = await early("GET", "/admin/channels", me.session);
    expect(list.body.map((c: { name: string }) => c.name)).toEqual(["Home", "Work"]);
    for (const channel of list.body) PryvEarlyChannelSchema.parse(channel);
    expect(list.body[1]).toEqual({ id: work.body.id, name: "Work", color: "#336699", clientData: { icon: "briefcase" }, trashed: false });

    expect((await early("DELETE", `/admin/channels/${home}`, me.session)).body).toEqual({});
    expect((await early("GET", "/admin/channels", me.session)).body.map((c: { name: string }) => c.name)).toEqual(["Work"]);
    expect((await early("GET", "/admin/channels?state=trashed", me.session)).body).toMatchObject([{ id: home, trashed: true }]);
    expect((await early("GET", "/admin/channels?state=all", me.session)).body).toHaveLength(2);
    const restored = await early("PUT", `/admin/channels/${home}`, me.session, { trashed: false, name: "Home life" });
    expect(restored.body).toMatchObject({ id: home, name: "Home life", trashed: false });

    await early("DELETE", `/admin/channels/${home}`, me.session);
    expect((await early("DELETE", `/admin/channels/${home}`, me.session)).status).toBe(200);
    expect((await early("GET", "/admin/channels?state=all", me.session)).body.map((c: { id: string }) => c.id)).toEqual([work.body.id]);
    expectPryvEarlyError(await early("DELETE", `/admin/channels/${home}`, me.session), 404, "UNKNOWN_CHANNEL");
    expectPryvEarlyError(await early("PUT", "/admin/channels/nope", me.session, { name: "x" }), 404, "UNKNOWN_CHANNEL");
    expectPryvEarlyError(await early("POST", "/admin/channels", me.session, { name: "Work" }), 400, "ITEM_ALREADY_EXISTS");
    expectPryvEarlyError(await early("GET", "/admin/channels?state=gone", me.session), 400, "INVALID_PARAMETERS_FORMAT");
    expectPryvEarlyError(await early("POST", "/admin/channels", me.session, { name: "Big", clientData: { blob: "x".repeat(5000) } }), 400, "INVALID_PARAMETERS_FORMAT");
  });

  it("a token's permission on a channel goes when the channel is deleted for good (not while it is trashed)", async () => {
    const me = await account();
    const channel = (await early("POST", "/admin/channels", me.session, { name: "Shared" })).body.id;
    const token = (await early("POST", "/admin/tokens", me.session, { name: "reader", permissions: [{ channelId: channel, level: "read" }] })).body;
    const permissions = async () => (await early("GET", "/admin/tokens", me.session)).body.find((t: { id: string }) => t.id === token.id).permissions;
    await early("DELETE", `/admin/channels/${channel}`, me.session);
    expect(await permissions()).toEqual([{ channelId: channel, level: "read" }]);
    const checker = await apiKeyWith(t, ["access-tokens:introspect"]);
    const trashed = await t.api("POST", "/api/v1/access-tokens/introspect", { token: checker, body: { token: token.token } });
    expect(trashed.body).toMatchObject({ active: true, permissions: [] });
    await early("DELETE", `/admin/channels/${channel}`, me.session);
    expect(await permissions()).toEqual([]);
  });
});

describe("isolation", () => {
  it("an account can never read, change or delete another's tokens, bookmarks or channels, by id guessing included", async () => {
    const a = await account();
    const b = await account();
    const channel = (await early("POST", "/admin/channels", a.session, { name: "Private" })).body.id;
    const token = (await early("POST", "/admin/tokens", a.session, { name: "mine", permissions: [{ channelId: channel, level: "manage" }] })).body.id;
    const bookmark = (await early("POST", "/admin/bookmarks", a.session, { name: "Mine", url: "https://a.example.org/" })).body.id;
    const before = await writeCounts(t);
    for (const path of ["/admin/channels", "/admin/tokens", "/admin/bookmarks"]) expect((await early("GET", path, b.session)).body).toEqual([]);
    expectPryvEarlyError(await early("PUT", `/admin/channels/${channel}`, b.session, { name: "Stolen" }), 404, "UNKNOWN_CHANNEL");
    expectPryvEarlyError(await early("DELETE", `/admin/channels/${channel}`, b.session), 404, "UNKNOWN_CHANNEL");
    expectPryvEarlyError(await early("PUT", `/admin/tokens/${token}`, b.session, { name: "Stolen" }), 404, "UNKNOWN_TOKEN");
    expectPryvEarlyError(await early("DELETE", `/admin/tokens/${token}`, b.session), 404, "UNKNOWN_TOKEN");
    expectPryvEarlyError(await early("PUT", `/admin/bookmarks/${bookmark}`, b.session, { name: "Stolen" }), 404, "UNKNOWN_BOOKMARK");
    expectPryvEarlyError(await early("DELETE", `/admin/bookmarks/${bookmark}`, b.session), 404, "UNKNOWN_BOOKMARK");
    expectPryvEarlyError(await early("POST", "/admin/tokens", b.session, { name: "x", permissions: [{ channelId: channel, level: "read" }] }), 400, "UNKNOWN_REFERENCED_RESOURCE");
    expect(await writeCounts(t)).toEqual(before);
    expect((await early("GET", "/admin/channels", a.session)).body).toMatchObject([{ id: channel, name: "Private", trashed: false }]);
  });
});

describe("accounts made through other surfaces", () => {
  it("an account made through Pterodactyl, and one through a Prosody invite, sign in here and manage themselves", async () => {
    const key = await apiKeyWith(t, ["users:read", "users:create"]);
    const made = await t.api("POST", "/api/application/users", {
      token: key,
      body: { email: "ptero-made@example.org", username: "ptero-made", first_name: "Ptero", last_name: "Made", password: "ptero-made-password" },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const invite = await t.api("POST", "/admin_api/invites/account", { body: { username: "prosody-made", ttl: 3600 } });
    expect(invite.status, JSON.stringify(invite.body)).toBe(200);
    const redeemed = await t.api("POST", `/api/v1/invitations/${invite.body.token}`, { token: null, body: { username: "prosody-made", password: "prosody-made-password" } });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    for (const [userName, password] of [["ptero-made", "ptero-made-password"], ["prosody-made", "prosody-made-password"]]) {
      const session = await signIn(userName!, password!);
      expect((await early("PUT", "/admin/user-info", session, { displayName: `${userName} here` })).body.displayName).toBe(`${userName} here`);
      const channel = await early("POST", "/admin/channels", session, { name: "Mine" });
      expect(channel.status).toBe(201);
      expect((await early("POST", "/admin/tokens", session, { name: "share", permissions: [{ channelId: channel.body.id, level: "contribute" }] })).status).toBe(201);
      expect((await early("POST", "/admin/get-my-token", session)).status).toBe(200);
      expect((await early("POST", "/admin/change-password", session, { oldPassword: password, newPassword: `${password}-changed` })).status).toBe(200);
    }
  });
});
