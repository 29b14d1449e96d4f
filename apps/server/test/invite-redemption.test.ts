import { InvitationSchema, RedemptionSchema } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import { createUser, expectProblem, loginAs, startTestServer, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";

// The public side of invites: anyone holding the link reads and redeems it,
// without signing in. Making invites is invites.test.ts.
const clock = new ManualClock(new Date("2031-06-01T08:00:00.000Z"));
let t: TestServer;
beforeAll(async () => {
  // Redemptions here all come from 127.0.0.1: the per-address limit has a test of its own.
  t = await startTestServer({ STEWARD_SITE_NAME: "Example Chat", STEWARD_REDEEM_RATE_LIMIT: "1000" }, { clock });
});
afterAll(() => t?.close());

const prisma = () => t.server.db.prisma;

async function invite(body: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const res = await t.api("POST", "/api/v1/invites", { body });
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const read = (token: string) => t.api("GET", `/api/v1/invitations/${encodeURIComponent(token)}`, { token: null });
const redeem = (token: string, body: unknown, server: TestServer = t, headers?: Record<string, string>) =>
  server.api("POST", `/api/v1/invitations/${encodeURIComponent(token)}`, { token: null, body, headers });

let groups = 0;
async function makeGroup() {
  return prisma().group.create({ data: { name: `team-${++groups}` }, select: { id: true, name: true } });
}
const userNamed = (username: string) => prisma().user.findFirstOrThrow({ where: { username } });
const usesOf = async (id: string) => (await prisma().invite.findUniqueOrThrow({ where: { id } })).uses;

function expectGone(res: ApiResponse, reason: string): void {
  expectProblem(res, 410, "gone");
  expect(res.body.reason).toBe(reason);
}

describe("reading an invitation", () => {
  it("says its kind, the site, group names and expiry, and nothing else; no token needed", async () => {
    const [g1, g2] = [await makeGroup(), await makeGroup()];
    const { token } = await invite({ kind: "register", groupIds: [g1.id, g2.id], email: "hidden@example.org", source: "secret-tool" });
    const res = await read(token);
    expect(res.status).toBe(200);
    const invitation = InvitationSchema.strict().parse(res.body);
    expect(invitation).toEqual({
      kind: "register",
      siteName: "Example Chat",
      username: null,
      groups: [{ name: g1.name }, { name: g2.name }],
      expiresAt: new Date(clock.now().getTime() + 7 * 24 * 3600_000).toISOString(),
      passwordMinLength: 8,
    });
    const text = JSON.stringify(res.body);
    for (const hidden of ["hidden@example.org", "secret-tool", "admin", g1.id, token]) expect(text).not.toContain(hidden);
  });

  it("names the account of a reset invite and the only username a register invite may create", async () => {
    await createUser(t, { username: "Reader" });
    expect((await read((await invite({ kind: "reset", targetUsername: "reader" })).token)).body).toMatchObject({ kind: "reset", username: "Reader" });
    expect((await read((await invite({ kind: "register", targetUsername: "only-me" })).token)).body).toMatchObject({ username: "only-me" });
  });

  it("answers 404 for an unknown token, whatever it looks like, and writes nothing", async () => {
    const before = await writeCounts(t);
    for (const token of ["sti_unknown", "not-even-a-token", "x", "sts_looks-like-a-session", "a".repeat(200)]) {
      const res = await read(token);
      expectProblem(res, 404, "not_found");
      expect(res.body.reason).toBe("invite_not_found");
    }
    expect(await writeCounts(t)).toEqual(before);
  });

  it("ignores a token sent along: the route is public", async () => {
    const { token } = await invite({ kind: "register" });
    expect((await t.api("GET", `/api/v1/invitations/${token}`, { token: "sts_garbage" })).status).toBe(200);
    expect((await t.api("GET", `/api/v1/invitations/${token}`)).status).toBe(200);
  });
});

describe("register invites", () => {
  it("create the account (201), which signs in with its password and is in the invite's groups", async () => {
    const [g1, g2] = [await makeGroup(), await makeGroup()];
    const created = await invite({ kind: "register", groupIds: [g1.id, g2.id] });
    const res = await redeem(created.token, { username: "Newbie", password: "newbie-password" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(RedemptionSchema.strict().parse(res.body)).toEqual({ outcome: "account_created", username: "Newbie" });

    const session = await loginAs(t, "newbie", "newbie-password");
    const me = await t.api("GET", "/api/v1/auth/me", { token: session });
    expect(me.body.user.username).toBe("Newbie");
    expect(me.body.user.groups.map((g: { id: string }) => g.id).sort()).toEqual([g1.id, g2.id].sort());
    expect(me.body.permissions).toEqual([]);
    const user = await userNamed("Newbie");
    expect(user.registrationInviteId).toBe(created.id);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.version).toBeGreaterThan(1);
    expect(await usesOf(created.id)).toBe(1);
    expect((await t.api("GET", `/api/v1/invites/${created.id}`)).body.state).toBe("used");
  });

  it("records invite.redeem and user.create as an anonymous actor, on the v1 surface", async () => {
    const created = await invite({ kind: "register" });
    await redeem(created.token, { username: "audited-one", password: "audited-password" });
    const user = await userNamed("audited-one");
    const [redeemed] = (await t.api("GET", `/api/v1/audit-events?targetId=${created.id}&action=invite.redeem`)).body.data;
    expect(redeemed).toMatchObject({
      actor: { type: "anonymous", id: null, label: null },
      dialect: "v1",
      ip: expect.any(String),
      after: { outcome: "account_created", username: "audited-one", uses: 1 },
    });
    const [userCreated] = (await t.api("GET", `/api/v1/audit-events?targetId=${user.id}&action=user.create`)).body.data;
    expect(userCreated).toMatchObject({ actor: { type: "anonymous" }, dialect: "v1", after: { username: "audited-one" } });
    for (const event of [redeemed, userCreated]) {
      expect(JSON.stringify(event)).not.toContain("audited-password");
      expect(JSON.stringify(event)).not.toContain(created.token.slice(4));
    }
  });

  it("a one-use invite works once: then 410 invite_used, to read or to redeem", async () => {
    const { token } = await invite({ kind: "register" });
    expect((await redeem(token, { username: "first-comer", password: "first-password" })).status).toBe(201);
    const before = await writeCounts(t);
    expectGone(await redeem(token, { username: "second-comer", password: "second-password" }), "invite_used");
    expectGone(await read(token), "invite_used");
    expect(await writeCounts(t)).toEqual(before);
  });

  it("with a target username, creates that name only (any case); a username is required", async () => {
    const created = await invite({ kind: "register", targetUsername: "Chosen.One" });
    const before = await writeCounts(t);
    const other = await redeem(created.token, { username: "someone-else", password: "chosen-password" });
    expectProblem(other, 422, "unprocessable_entity");
    expect(other.body.reason).toBe("username_mismatch");
    const none = await redeem(created.token, { password: "chosen-password" });
    expectProblem(none, 422, "unprocessable_entity");
    expect(none.body.reason).toBe("username_required");
    expect(none.body.errors[0].path).toBe("body.username");
    expect(await writeCounts(t)).toEqual(before);
    expect((await redeem(created.token, { username: "chosen.one", password: "chosen-password" })).status).toBe(201);
  });

  it("refuses a taken username (409) without using the invite up", async () => {
    const created = await invite({ kind: "register" });
    const before = await writeCounts(t);
    const res = await redeem(created.token, { username: "ADMIN", password: "takeover-password" });
    expectProblem(res, 409, "conflict");
    expect(res.body.reason).toBe("username_taken");
    expect(await writeCounts(t)).toEqual(before);
    expect(await usesOf(created.id)).toBe(0);
    expect((await redeem(created.token, { username: "not-admin", password: "takeover-password" })).status).toBe(201);
  });

  it("refuses a password shorter than the platform's policy (422 weak_password) or longer than any (the contract's 400), before anything is counted", async () => {
    const created = await invite({ kind: "register" });
    const before = await writeCounts(t);
    for (const [password, status, code] of [["short", 422, "unprocessable_entity"], ["p".repeat(257), 400, "bad_request"]] as const) {
      const res = await redeem(created.token, { username: "weakling", password });
      expectProblem(res, status, code);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain("body.password");
    }
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("group invites", () => {
  it("three people redeem one: each joins the group, and they follow each other both ways", async () => {
    const group = await makeGroup();
    const created = await invite({ kind: "group", groupIds: [group.id] });
    const names = ["gamma-1", "gamma-2", "gamma-3"];
    for (const username of names) {
      const res = await redeem(created.token, { username, password: `${username}-password` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const users = await Promise.all(names.map(userNamed));
    const ids = users.map((u) => u.id);
    const follows = await prisma().follow.findMany({ where: { followerId: { in: ids } }, select: { followerId: true, followedId: true } });
    const pairs = follows.map((f) => `${f.followerId}>${f.followedId}`).sort();
    const expected = ids.flatMap((a) => ids.filter((b) => b !== a).map((b) => `${a}>${b}`)).sort();
    expect(pairs).toEqual(expected);
    expect(await prisma().groupMembership.count({ where: { groupId: group.id } })).toBe(3);
    expect(await usesOf(created.id)).toBe(3);
    const listed = (await t.api("GET", `/api/v1/invites/${created.id}`)).body;
    expect(listed).toMatchObject({ uses: 3, state: "pending" });
  });

  it("a new group made with the invite is joined", async () => {
    const created = await invite({ kind: "group", newGroup: { name: "Fresh", createMuc: true } });
    expect((await redeem(created.token, { username: "fresh-1", password: "fresh-password" })).status).toBe(201);
    const session = await loginAs(t, "fresh-1", "fresh-password");
    expect((await t.api("GET", "/api/v1/auth/me", { token: session })).body.user.groups).toEqual([{ id: expect.any(String), name: "Fresh" }]);
  });

  it("joins the groups that still exist when one was deleted since", async () => {
    const [kept, gone] = [await makeGroup(), await makeGroup()];
    const created = await invite({ kind: "group", groupIds: [gone.id, kept.id] });
    await prisma().group.delete({ where: { id: gone.id } });
    expect((await read(created.token)).body.groups).toEqual([{ name: kept.name }]);
    expect((await t.api("GET", `/api/v1/invites/${created.id}`)).body.groups).toEqual([kept]);
    expect((await redeem(created.token, { username: "survivor", password: "survivor-password" })).status).toBe(201);
    expect(await prisma().groupMembership.findMany({ where: { user: { username: "survivor" } }, select: { groupId: true } })).toEqual([{ groupId: kept.id }]);
  });

  it("stops at maxUses: 410 invite_used", async () => {
    const created = await invite({ kind: "group", newGroup: { name: "Small" }, maxUses: 2 });
    for (const username of ["small-1", "small-2"]) expect((await redeem(created.token, { username, password: "small-password" })).status).toBe(201);
    expectGone(await redeem(created.token, { username: "small-3", password: "small-password" }), "invite_used");
    expect(await usesOf(created.id)).toBe(2);
    expect((await t.api("GET", `/api/v1/invites/${created.id}`)).body.state).toBe("used");
  });
});

describe("expired and revoked invites", () => {
  it("an expired invite is 410 invite_expired, to read or to redeem", async () => {
    const created = await invite({ kind: "register", ttlSeconds: 120 });
    clock.advance(119_000);
    expect((await read(created.token)).status).toBe(200);
    clock.advance(1_000);
    expectGone(await read(created.token), "invite_expired");
    const before = await writeCounts(t);
    expectGone(await redeem(created.token, { username: "too-late", password: "too-late-password" }), "invite_expired");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", `/api/v1/invites/${created.id}`)).body.state).toBe("expired");
  });

  it("a revoked invite is 410 invite_revoked, even when it was also used", async () => {
    const created = await invite({ kind: "register" });
    expect((await t.api("DELETE", `/api/v1/invites/${created.id}`)).status).toBe(204);
    expectGone(await read(created.token), "invite_revoked");
    expectGone(await redeem(created.token, { username: "revoked-one", password: "revoked-password" }), "invite_revoked");
  });
});

describe("reset invites", () => {
  it("set the new password (200): it signs in, the old one does not, and the old sessions end", async () => {
    await createUser(t, { username: "Resetter", password: "the-old-password" });
    const oldSession = await loginAs(t, "resetter", "the-old-password");
    const versionBefore = (await userNamed("Resetter")).version;
    const created = await invite({ kind: "reset", targetUsername: "resetter" });

    const res = await redeem(created.token, { password: "the-new-password", username: "ignored-for-resets" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(RedemptionSchema.strict().parse(res.body)).toEqual({ outcome: "password_reset", username: "Resetter" });

    expect(await loginAs(t, "resetter", "the-new-password")).toMatch(/^sts_/);
    expectProblem(await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "resetter", password: "the-old-password" } }), 401);
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token: oldSession }), 401, "unauthorized");
    expect((await userNamed("Resetter")).version).toBeGreaterThan(versionBefore);
    expect(await prisma().user.count({ where: { username: "ignored-for-resets" } })).toBe(0);

    const user = await userNamed("Resetter");
    const [audit] = (await t.api("GET", `/api/v1/audit-events?targetId=${user.id}&action=user.password_reset`)).body.data;
    expect(audit).toMatchObject({ actor: { type: "anonymous" }, dialect: "v1", after: { username: "Resetter", sessionsEnded: 1 } });
    expect(JSON.stringify(audit)).not.toContain("the-new-password");

    expectGone(await redeem(created.token, { password: "a-third-password" }), "invite_used");
  });

  it("is revoked (account_deleted) with its account, and then a 410 that writes nothing", async () => {
    const user = await createUser(t, { username: "vanishing" });
    const created = await invite({ kind: "reset", targetUsername: "vanishing" });
    expect((await t.api("DELETE", `/api/v1/users/${user.id}`)).status).toBe(204);
    expect((await t.api("GET", `/api/v1/invites/${created.id}`)).body).toMatchObject({ state: "revoked", revokedReason: "account_deleted", targetUserId: null });
    const res = await redeem(created.token, { password: "whatever-password" });
    expectProblem(res, 410, "gone");
    expect(res.body.reason).toBe("invite_revoked");
    expect(await usesOf(created.id)).toBe(0);
  });
});

describe("bad input answers 4xx and writes nothing", () => {
  let token: string;
  beforeAll(async () => {
    token = (await invite({ kind: "group", newGroup: { name: "Victims" } })).token;
  });

  const cases: [string, string, unknown, number][] = [
    ["a token of 201 characters", "x".repeat(201), { username: "a", password: "long-enough" }, 400],
    ["a token holding an encoded NUL", "sti_%00", { username: "a", password: "long-enough" }, 400],
    ["a token of malformed percent-encoding", "sti_%E0%A4%A", { username: "a", password: "long-enough" }, 400],
    ["an unknown token", "sti_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", { username: "a", password: "long-enough" }, 404],
  ];
  for (const [name, raw, body, status] of cases) {
    it(name, async () => {
      const before = await writeCounts(t);
      for (const method of ["GET", "POST"]) {
        const res = await t.api(method, `/api/v1/invitations/${raw}`, { token: null, body: method === "POST" ? body : undefined });
        expectProblem(res, status);
      }
      expect(await writeCounts(t)).toEqual(before);
    });
  }

  const bodies: [string, unknown, string | null][] = [
    ["no password", { username: "victim-1" }, "body.password"],
    ["a number as password", { username: "victim-1", password: 12345678 }, "body.password"],
    ["a huge password", { username: "victim-1", password: "p".repeat(20_000) }, "body.password"],
    ["a huge username", { username: "u".repeat(20_000), password: "long-enough" }, "body.username"],
    ["a username with spaces", { username: "victim one", password: "long-enough" }, "body.username"],
    ["a username holding a NUL", { username: "victim\u0000", password: "long-enough" }, "body.username"],
    ["an unknown field", { username: "victim-1", password: "long-enough", roles: ["admin"] }, "body"],
    ["an array body", [{ username: "victim-1", password: "long-enough" }], null],
    ["a null body", null, null],
  ];
  for (const [name, body, field] of bodies) {
    it(`redeem with ${name}`, async () => {
      const before = await writeCounts(t);
      const res = await redeem(token, body);
      expectProblem(res, 400, "bad_request");
      if (field) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect(await writeCounts(t)).toEqual(before);
    });
  }

  it("redeem with malformed JSON or as a form", async () => {
    const before = await writeCounts(t);
    const url = `/api/v1/invitations/${token}`;
    expectProblem(await t.api("POST", url, { token: null, rawBody: '{"username":', headers: { "content-type": "application/json" } }), 400);
    expectProblem(await t.api("POST", url, { token: null, rawBody: "username=a&password=long-enough", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("the per-address limit", () => {
  const LIMIT = 4;
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ STEWARD_REDEEM_RATE_LIMIT: String(LIMIT) });
  });
  afterAll(() => limited?.close());

  const from = (address: string) => ({ "x-forwarded-for": address });

  it("counts reads and redemptions together; past the limit, 429 with Retry-After and the RateLimit state", async () => {
    const created = (await limited.api("POST", "/api/v1/invites", { body: { kind: "register" } })).body;
    const address = from("198.51.100.7");
    expect((await limited.api("GET", `/api/v1/invitations/${created.token}`, { token: null, headers: address })).status).toBe(200);
    expect((await limited.api("GET", "/api/v1/invitations/sti_guess-1", { token: null, headers: address })).status).toBe(404);
    expect((await redeem("sti_guess-2", { username: "guesser", password: "guess-password" }, limited, address)).status).toBe(404);
    expect((await redeem("sti_guess-3", { username: "guesser", password: "guess-password" }, limited, address)).status).toBe(404);

    const before = await writeCounts(limited);
    for (const res of [
      await limited.api("GET", `/api/v1/invitations/${created.token}`, { token: null, headers: address }),
      await redeem(created.token, { username: "latecomer", password: "latecomer-password" }, limited, address),
    ]) {
      expectProblem(res, 429, "rate_limit_exceeded");
      expect(res.body.reason).toBe("redeem_rate_limited");
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(15 * 60);
      expect(res.headers.get("ratelimit-policy")).toBe(`"public-address";q=${LIMIT};w=900`);
      expect(res.headers.get("ratelimit")).toMatch(/^"public-address";r=0;t=\d+$/);
    }
    expect(await writeCounts(limited)).toEqual(before);

    // Another address still gets through, and redeems.
    const other = from("198.51.100.8");
    expect((await redeem(created.token, { username: "latecomer", password: "latecomer-password" }, limited, other)).status).toBe(201);
  });
});
