import { SessionSchema, SessionWithUserSchema, pageOf } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import { ADMIN, apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";

const SessionPageSchema = pageOf(SessionSchema).strict();
const EveryonesPageSchema = pageOf(SessionWithUserSchema.strict()).strict();
const TTL_SECONDS = 3600;
const PASSWORD = "sessions-test-password";
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";

/** The server's clock: sessions signed in one after another are a second apart, and expiry is a move of it. */
const clock = new ManualClock();
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ STEWARD_SESSION_TTL: String(TTL_SECONDS) }, { clock });
});
afterAll(() => t?.close());

/** Signs in as a device would, a second after the previous sign-in; returns the token. */
async function signIn(username: string, userAgent: string): Promise<string> {
  clock.advance(1_000);
  const res = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username, password: PASSWORD }, headers: { "user-agent": userAgent } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token;
}

async function userWithSessions(username: string, devices: string[]): Promise<{ id: string; tokens: string[] }> {
  const { id } = await createUser(t, { username, password: PASSWORD });
  const tokens: string[] = [];
  for (const device of devices) tokens.push(await signIn(username, device));
  return { id, tokens };
}

async function listSessions(userId: string, query = "", token?: string) {
  const res = await t.api("GET", `/api/v1/users/${userId}/sessions${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return SessionPageSchema.parse(res.body);
}

const meStatus = async (token: string) => (await t.api("GET", "/api/v1/auth/me", { token })).status;

async function auditOf(action: string, targetId: string) {
  const res = await t.api("GET", `/api/v1/audit-events?action=${action}&targetId=${targetId}`);
  expect(res.status).toBe(200);
  return res.body.data as any[];
}

describe("listing a user's sessions", () => {
  it("lists each sign-in with its address, user agent and surface, newest first", async () => {
    const alice = await userWithSessions("alice", ["Laptop/1.0", "Phone/2.0"]);
    const page = await listSessions(alice.id);
    expect(page.total).toBe(2);
    expect(page.nextCursor).toBeNull();
    expect(page.data.map((s) => s.userAgent)).toEqual(["Phone/2.0", "Laptop/1.0"]);
    for (const session of page.data) {
      expect(session).toMatchObject({ userId: alice.id, surface: "v1" });
      expect(session.ip).toMatch(/127\.0\.0\.1|::1/);
      expect(new Date(session.expiresAt).getTime() - new Date(session.createdAt).getTime()).toBe(TTL_SECONDS * 1000);
    }
    expect(new Date(page.data[0]!.createdAt).getTime() - new Date(page.data[1]!.createdAt).getTime()).toBe(1_000);
    // The surface is stored with the session.
    const stored = await t.server.db.prisma.session.findMany({ where: { userId: alice.id }, select: { surface: true } });
    expect(stored.map((s) => s.surface)).toEqual(["v1", "v1"]);
  });

  it("pages newest first with the total on every page", async () => {
    const devices = ["d1", "d2", "d3", "d4", "d5"];
    const pager = await userWithSessions("pager", devices);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listSessions(pager.id, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.total).toBe(5);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((s) => s.userAgent!));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...devices].reverse());
  });

  it("answers 404 user_not_found for an unknown user", async () => {
    const res = await t.api("GET", `/api/v1/users/${NO_SUCH_ID}/sessions`);
    expectProblem(res, 404, "not_found");
    expect(res.body.reason).toBe("user_not_found");
  });

  it("refuses a cursor made for another list", async () => {
    const { id } = await createUser(t, { username: "cursorless" });
    const forged = Buffer.from(JSON.stringify({ s: "-id", v: ["1"] })).toString("base64url");
    expectProblem(await t.api("GET", `/api/v1/users/${id}/sessions?cursor=${forged}`), 400, "bad_request");
  });
});

describe("ending sessions", () => {
  it("ends one session: its token is refused at once, the other keeps working", async () => {
    const bob = await userWithSessions("bob", ["Laptop", "Phone"]);
    const [laptop, phone] = bob.tokens as [string, string];
    // Both tokens are in the credential cache before the revocation.
    expect([await meStatus(laptop), await meStatus(phone)]).toEqual([200, 200]);
    const [phoneSession] = (await listSessions(bob.id)).data;
    expect(phoneSession?.userAgent).toBe("Phone");

    const res = await t.api("DELETE", `/api/v1/users/${bob.id}/sessions/${phoneSession!.id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect(await meStatus(phone)).toBe(401);
    expect(await meStatus(laptop)).toBe(200);
    expect((await listSessions(bob.id)).data.map((s) => s.userAgent)).toEqual(["Laptop"]);

    const [event, ...more] = await auditOf("session.revoke", phoneSession!.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ dialect: "v1", actor: { type: "user", label: ADMIN.username }, target: { type: "session", id: phoneSession!.id } });
    expect(event.before).toMatchObject({ userId: bob.id, userAgent: "Phone" });
  });

  it("ending an ended session again succeeds and writes nothing", async () => {
    const carol = await userWithSessions("carol", ["Only"]);
    const [session] = (await listSessions(carol.id)).data;
    expect((await t.api("DELETE", `/api/v1/users/${carol.id}/sessions/${session!.id}`)).status).toBe(204);
    const before = await writeCounts(t);
    expect((await t.api("DELETE", `/api/v1/users/${carol.id}/sessions/${session!.id}`)).status).toBe(204);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("ends every session of a user, and only theirs", async () => {
    const dave = await userWithSessions("dave", ["a", "b", "c"]);
    const erin = await userWithSessions("erin", ["e"]);
    const res = await t.api("DELETE", `/api/v1/users/${dave.id}/sessions`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ revoked: 3 });
    for (const token of dave.tokens) expect(await meStatus(token)).toBe(401);
    expect(await meStatus(erin.tokens[0]!)).toBe(200);
    expect((await listSessions(dave.id)).total).toBe(0);

    const [event, ...more] = await auditOf("session.revoke_all", dave.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ dialect: "v1", target: { type: "user", id: dave.id }, after: { revoked: 3 } });

    // Nothing left to end: says so and writes nothing.
    const before = await writeCounts(t);
    expect((await t.api("DELETE", `/api/v1/users/${dave.id}/sessions`)).body).toEqual({ revoked: 0 });
    expect(await writeCounts(t)).toEqual(before);
  });

  it("answers 404 for an unknown user or a session that is not the user's, and ends nothing", async () => {
    const frank = await userWithSessions("frank", ["f"]);
    const grace = await userWithSessions("grace", ["g"]);
    const [graceSession] = (await listSessions(grace.id)).data;
    const before = await writeCounts(t);

    const notTheirs = await t.api("DELETE", `/api/v1/users/${frank.id}/sessions/${graceSession!.id}`);
    expectProblem(notTheirs, 404, "not_found");
    expect(notTheirs.body.reason).toBe("session_not_found");
    const unknownSession = await t.api("DELETE", `/api/v1/users/${frank.id}/sessions/${NO_SUCH_ID}`);
    expect(unknownSession.body.reason).toBe("session_not_found");
    for (const path of [`/users/${NO_SUCH_ID}/sessions/${graceSession!.id}`, `/users/${NO_SUCH_ID}/sessions`]) {
      const res = await t.api("DELETE", `/api/v1${path}`);
      expectProblem(res, 404, "not_found");
      expect(res.body.reason).toBe("user_not_found");
    }

    expect(await writeCounts(t)).toEqual(before);
    expect(await meStatus(grace.tokens[0]!)).toBe(200);
  });
});

describe("ending someone's sessions is acting on them", () => {
  let moderator: string;
  let adminId: string;
  beforeAll(async () => {
    // The moderator role does not hold the sessions permissions; a custom role adds them.
    await t.server.db.prisma.role.create({ data: { name: "session-keeper", permissions: ["sessions:read", "sessions:revoke"] } });
    await createUser(t, { username: "mod", password: PASSWORD, roles: ["moderator", "session-keeper"] });
    moderator = await signIn("mod", "Moderator desk");
    adminId = (await t.api("GET", "/api/v1/auth/me")).body.user.id;
  });

  it("a moderator sees an administrator's sessions but cannot end them (403 target_outranks_caller)", async () => {
    const adminSessions = await listSessions(adminId, "", moderator);
    expect(adminSessions.total).toBeGreaterThanOrEqual(1);
    const before = await writeCounts(t);
    for (const path of [`/users/${adminId}/sessions/${adminSessions.data[0]!.id}`, `/users/${adminId}/sessions`]) {
      const res = await t.api("DELETE", `/api/v1${path}`, { token: moderator });
      expectProblem(res, 403, "forbidden");
      expect(res.body.reason).toBe("target_outranks_caller");
    }
    expect(await writeCounts(t)).toEqual(before);
    expect(await meStatus(t.adminToken)).toBe(200);
  });

  it("a moderator ends the sessions of an account they outrank", async () => {
    const heidi = await userWithSessions("heidi", ["h1", "h2"]);
    const [latest] = (await listSessions(heidi.id, "", moderator)).data;
    expect((await t.api("DELETE", `/api/v1/users/${heidi.id}/sessions/${latest!.id}`, { token: moderator })).status).toBe(204);
    expect((await t.api("DELETE", `/api/v1/users/${heidi.id}/sessions`, { token: moderator })).body).toEqual({ revoked: 1 });
    expect((await auditOf("session.revoke_all", heidi.id))[0]).toMatchObject({ actor: { type: "user", label: "mod" }, dialect: "v1" });
  });

  it("needs sessions:revoke to end and sessions:read to list", async () => {
    const ivan = await userWithSessions("ivan", ["i"]);
    const reader = await apiKeyWith(t, ["sessions:read", "users:read"]);
    const before = await writeCounts(t);
    const denied = await t.api("DELETE", `/api/v1/users/${ivan.id}/sessions`, { token: reader });
    expectProblem(denied, 403, "forbidden");
    expect(denied.body.reason).toBe("missing_permission");
    expect(await writeCounts(t)).toEqual(before);
    const plain = await loginAs(t, "ivan", PASSWORD);
    expectProblem(await t.api("GET", `/api/v1/users/${ivan.id}/sessions`, { token: plain }), 403, "forbidden");
    expect((await listSessions(ivan.id, "", reader)).total).toBe(2);
  });
});

describe("listing everyone's sessions", () => {
  async function listAll(query = "", token?: string) {
    const res = await t.api("GET", `/api/v1/sessions${query}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return EveryonesPageSchema.parse(res.body);
  }

  /** Every live session, walking the pages `limit` at a time. */
  async function walkAll(filter: string, limit: number) {
    const seen: ReturnType<typeof EveryonesPageSchema.parse>["data"] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const page = await listAll(`?limit=${limit}${filter}${cursor ? `&cursor=${cursor}` : ""}`);
      total ??= page.total;
      expect(page.total).toBe(total);
      expect(page.data.length).toBeLessThanOrEqual(limit);
      seen.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total!);
    return seen;
  }

  it("lists the sessions of every user, newest first, each with its user", async () => {
    const kim = await userWithSessions("kim", ["Kim laptop"]);
    expect((await t.api("PATCH", `/api/v1/users/${kim.id}`, { body: { displayName: "Kim K." } })).status).toBe(200);
    const lee = await userWithSessions("lee", ["Lee phone"]);
    const page = await listAll("?limit=2");
    expect(page.data.map((s) => [s.user.username, s.userAgent])).toEqual([["lee", "Lee phone"], ["kim", "Kim laptop"]]);
    expect(page.data[0]).toMatchObject({ userId: lee.id, user: { id: lee.id, username: "lee", displayName: null }, surface: "v1" });
    expect(page.data[1]!.user).toEqual({ id: kim.id, username: "kim", displayName: "Kim K." });
    expect(page.nextCursor).not.toBeNull();
    // The total counts every live session, the same number the database holds.
    const live = await t.server.db.prisma.session.count({ where: { revokedAt: null, expiresAt: { gt: clock.now() } } });
    expect(page.total).toBe(live);
  });

  it("pages through every live session once, in order, leaving out ended ones", async () => {
    const mia = await userWithSessions("mia", ["m1", "m2", "m3"]);
    const revoked = (await listSessions(mia.id)).data[0]!;
    expect((await t.api("DELETE", `/api/v1/users/${mia.id}/sessions/${revoked.id}`)).status).toBe(204);
    const all = await walkAll("", 2);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(all.map((s) => s.id)).not.toContain(revoked.id);
    const order = all.map((s) => [s.createdAt, s.id].join(" "));
    expect(order).toEqual([...order].sort().reverse());
    expect(all.filter((s) => s.userId === mia.id).map((s) => s.userAgent)).toEqual(["m2", "m1"]);
  });

  it("filters by user and by surface", async () => {
    const noor = await userWithSessions("noor", ["n1", "n2"]);
    const mine = await listAll(`?userId=${noor.id}`);
    expect(mine.total).toBe(2);
    expect(mine.data.map((s) => s.userAgent)).toEqual(["n2", "n1"]);
    expect((await listAll(`?userId=${NO_SUCH_ID}`)).total).toBe(0);

    // A sign-in through the early Pryv methods is that surface's session.
    clock.advance(1_000);
    const early = await fetch(`${t.url}/pryv/admin/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userName: "noor", password: PASSWORD, appId: "noor-app" }),
    });
    expect(early.status).toBe(200);
    const pryv = await walkAll("&surface=pryv-early", 50);
    expect(pryv.map((s) => [s.user.username, s.appId])).toContainEqual(["noor", "noor-app"]);
    expect(pryv.every((s) => s.surface === "pryv-early")).toBe(true);
    const both = await listAll(`?userId=${noor.id}&surface=v1`);
    expect(both.data.map((s) => s.userAgent)).toEqual(["n2", "n1"]);
    expect((await listAll("?surface=no-such-surface")).total).toBe(0);
  });

  it("needs sessions:read, and refuses a bad filter or a cursor of another order with a 400", async () => {
    const plain = await loginAs(t, "noor", PASSWORD);
    expectProblem(await t.api("GET", "/api/v1/sessions", { token: plain }), 403, "forbidden");
    const reader = await apiKeyWith(t, ["sessions:read"]);
    expect((await listAll("?limit=1", reader)).data).toHaveLength(1);
    expectProblem(await t.api("GET", "/api/v1/sessions?userId=not-a-uuid"), 400, "bad_request");
    const forged = Buffer.from(JSON.stringify({ s: "username", v: ["noor"] })).toString("base64url");
    expectProblem(await t.api("GET", `/api/v1/sessions?cursor=${forged}`), 400, "bad_request");
  });
});

// Last: it moves the clock past the sessions signed in before it (the harness's admin session too).
describe("expiry", () => {
  it("does not list or end an expired session", async () => {
    const judy = await userWithSessions("judy", ["old"]);
    clock.advance((TTL_SECONDS / 2) * 1000);
    await signIn("judy", "new");
    clock.advance((TTL_SECONDS / 2) * 1000);
    const admin = await loginAs(t, ADMIN.username, ADMIN.password);
    expect(await meStatus(judy.tokens[0]!)).toBe(401);

    const page = await listSessions(judy.id, "", admin);
    expect(page.data.map((s) => s.userAgent)).toEqual(["new"]);
    expect(page.total).toBe(1);

    const expired = await t.server.db.prisma.session.findFirstOrThrow({ where: { userId: judy.id, userAgent: "old" } });
    const before = await writeCounts(t);
    expect((await t.api("DELETE", `/api/v1/users/${judy.id}/sessions/${expired.id}`, { token: admin })).status).toBe(204);
    expect(await writeCounts(t)).toEqual(before);
    // Only the live one counts as ended; the expired one is left as it is.
    expect((await t.api("DELETE", `/api/v1/users/${judy.id}/sessions`, { token: admin })).body).toEqual({ revoked: 1 });
    expect((await t.server.db.prisma.session.findUniqueOrThrow({ where: { id: expired.id } })).revokedAt).toBeNull();
  });
});
