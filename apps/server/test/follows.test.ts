import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { v1Contract } from "@steward/contracts";
import { listFollowers, listFollowing } from "../src/services/follows.ts";
import { apiKeyWith, createUser, expectProblem, startTestServer, systemContextOf, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** The contract's own answer schemas: every success is parsed with them. */
const routes = v1Contract.follows;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

function ok<T>(res: ApiResponse, status: number, schema: { parse(value: unknown): T }): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return schema.parse(res.body);
}

const following = async (id: string, query = "") =>
  ok(await t.api("GET", `/api/v1/users/${id}/following?${query}`), 200, routes.listFollowing.responses[200]);
const followers = async (id: string, query = "") =>
  ok(await t.api("GET", `/api/v1/users/${id}/followers?${query}`), 200, routes.listFollowers.responses[200]);
const follow = (id: string, targetId: string, token?: string) => t.api("PUT", `/api/v1/users/${id}/following/${targetId}`, { token });
const unfollow = (id: string, targetId: string) => t.api("DELETE", `/api/v1/users/${id}/following/${targetId}`);
const etagOf = async (userId: string) => (await t.api("GET", `/api/v1/users/${userId}`)).headers.get("etag");
const auditOf = async (targetId: string, action: string) =>
  (await t.api("GET", `/api/v1/audit-events?targetId=${targetId}&action=${action}`)).body.data as any[];
const user = async (username: string, fields: Record<string, unknown> = {}) => (await createUser(t, { username, ...fields })).id as string;

describe("following and unfollowing", () => {
  it("follows: 204 with no body, listed on both sides, audited once as v1, no ETag moves", async () => {
    const alice = await user("f-alice", { displayName: "Alice" });
    const bob = await user("f-bob", { displayName: "Bob" });
    const etags = [await etagOf(alice), await etagOf(bob)];
    const res = await follow(alice, bob);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const mine = await following(alice);
    expect(mine).toMatchObject({ total: 1, nextCursor: null });
    expect(mine.data).toEqual([{ id: bob, username: "f-bob", displayName: "Bob", local: true, since: expect.any(String) }]);
    expect((await followers(bob)).data).toEqual([{ id: alice, username: "f-alice", displayName: "Alice", local: true, since: mine.data[0]!.since }]);
    expect(await following(bob)).toEqual({ data: [], total: 0, nextCursor: null });
    expect(await followers(alice)).toEqual({ data: [], total: 0, nextCursor: null });
    const events = await auditOf(alice, "user.follow");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      dialect: "v1",
      actor: { type: "user", label: "admin" },
      target: { type: "user", id: alice },
      before: null,
      after: { followerId: alice, followedId: bob, since: mine.data[0]!.since },
    });
    expect([await etagOf(alice), await etagOf(bob)]).toEqual(etags);
  });

  it("follows idempotently: a second follow writes nothing and keeps `since`", async () => {
    const a = await user("f-idem-a");
    const b = await user("f-idem-b");
    expect((await follow(a, b)).status).toBe(204);
    const since = (await following(a)).data[0]!.since;
    const before = await writeCounts(t);
    expect((await follow(a, b)).status).toBe(204);
    expect(await writeCounts(t)).toEqual(before);
    expect((await following(a)).data[0]!.since).toBe(since);
    expect(await auditOf(a, "user.follow")).toHaveLength(1);
  });

  it("a follow goes one way: both may follow each other", async () => {
    const a = await user("f-mutual-a");
    const b = await user("f-mutual-b");
    expect((await follow(a, b)).status).toBe(204);
    expect((await follow(b, a)).status).toBe(204);
    expect((await following(a)).data.map((f) => f.id)).toEqual([b]);
    expect((await followers(a)).data.map((f) => f.id)).toEqual([b]);
  });

  it("unfollows idempotently, audits once with the follow as it was", async () => {
    const a = await user("f-unf-a");
    const b = await user("f-unf-b");
    expect((await follow(a, b)).status).toBe(204);
    const since = (await following(a)).data[0]!.since;
    const res = await unfollow(a, b);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await following(a)).total).toBe(0);
    const before = await writeCounts(t);
    expect((await unfollow(a, b)).status).toBe(204);
    expect(await writeCounts(t)).toEqual(before);
    const events = await auditOf(a, "user.unfollow");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ dialect: "v1", target: { type: "user", id: a }, before: { followerId: a, followedId: b, since }, after: null });
  });

  it("shows a remote user as not local", async () => {
    const a = await user("f-local");
    const remote = await user("f-remote", { domain: "remote.example" });
    expect((await follow(a, remote)).status).toBe(204);
    expect((await following(a)).data[0]).toMatchObject({ id: remote, local: false });
    expect((await followers(remote)).data[0]).toMatchObject({ id: a, local: true });
  });

  it("acts on the follower's account: a users:update key cannot make the administrator follow or unfollow, but may have them followed", async () => {
    const key = await apiKeyWith(t, ["users:update"]);
    const adminId = (await t.api("GET", "/api/v1/users/lookup?username=admin")).body.id;
    const other = await user("f-near-admin");
    const before = await writeCounts(t);
    for (const res of [await follow(adminId, other, key), await t.api("DELETE", `/api/v1/users/${adminId}/following/${other}`, { token: key })]) {
      expectProblem(res, 403, "forbidden");
      expect(res.body.reason).toBe("target_outranks_caller");
    }
    expect(await writeCounts(t)).toEqual(before);
    expect((await follow(other, adminId, key)).status).toBe(204);
    expect((await followers(adminId)).data.map((f) => f.username)).toEqual(["f-near-admin"]);
    expect((await follow(adminId, other)).status).toBe(204);
    expect((await followers(other)).data.map((f) => f.username)).toEqual(["admin"]);
  });
});

describe("a deleted user's follows", () => {
  it("disappear from both sides with the user", async () => {
    const doomed = await user("f-doomed");
    const fan = await user("f-fan");
    const idol = await user("f-idol");
    expect((await follow(fan, doomed)).status).toBe(204);
    expect((await follow(doomed, idol)).status).toBe(204);
    const before = await writeCounts(t);
    expect((await t.api("DELETE", `/api/v1/users/${doomed}`)).status).toBe(204);
    expect((await writeCounts(t)).follows).toBe(before.follows - 2);
    expect(await following(fan)).toEqual({ data: [], total: 0, nextCursor: null });
    expect(await followers(idol)).toEqual({ data: [], total: 0, nextCursor: null });
    expectProblem(await t.api("GET", `/api/v1/users/${doomed}/following`), 404, "not_found");
  });
});

describe("paging", () => {
  let hub: string;
  const people: Record<string, string> = {};
  beforeAll(async () => {
    hub = await user("f-hub");
    // Created out of order: the lists sort by username regardless of case.
    for (const name of ["p-g", "P-C", "p-a", "p-f", "p-b", "P-E", "p-d"]) {
      people[name] = await user(name);
      expect((await follow(hub, people[name]!)).status).toBe(204);
      expect((await follow(people[name]!, hub)).status).toBe(204);
    }
  });

  for (const [side, list] of [["following", following], ["followers", followers]] as const) {
    it(`pages ${side} by username, 3 at a time, with the total on each page`, async () => {
      const first = await list(hub, "limit=3");
      expect(first.data.map((f) => f.username)).toEqual(["p-a", "p-b", "P-C"]);
      expect(first.total).toBe(7);
      expect(first.data[0]!.id).toBe(people["p-a"]);
      const second = await list(hub, `limit=3&cursor=${first.nextCursor}`);
      expect(second.data.map((f) => f.username)).toEqual(["p-d", "P-E", "p-f"]);
      expect(second.total).toBe(7);
      const third = await list(hub, `limit=3&cursor=${second.nextCursor}`);
      expect(third.data.map((f) => f.username)).toEqual(["p-g"]);
      expect(third).toMatchObject({ total: 7, nextCursor: null });
    });
  }

  it("takes a limit up to 1000 when a dialect asks the service directly", async () => {
    const prisma = t.server.db.prisma;
    await prisma.user.createMany({ data: Array.from({ length: 230 }, (_, i) => ({ username: `bulk-${String(i).padStart(3, "0")}` })) });
    const bulk = await prisma.user.findMany({ where: { username: { startsWith: "bulk-" } }, select: { id: true } });
    const star = await user("f-star");
    await prisma.follow.createMany({ data: bulk.map(({ id }) => ({ followerId: id, followedId: star })) });
    await prisma.follow.createMany({ data: bulk.map(({ id }) => ({ followerId: star, followedId: id })) });
    const ctx = systemContextOf(t);
    for (const page of [await listFollowers(ctx, star, { limit: 1000 }), await listFollowing(ctx, star, { limit: 1000 })]) {
      expect(page.data).toHaveLength(230);
      expect(page).toMatchObject({ total: 230, nextCursor: null });
    }
    await prisma.user.deleteMany({ where: { username: { startsWith: "bulk-" } } });
    expect((await followers(star)).total).toBe(0);
  });
});

describe("concurrent changes", () => {
  it("follows from many requests at once: one follow, one audit event", async () => {
    const a = await user("f-race-a");
    const b = await user("f-race-b");
    const answers = await Promise.all(Array.from({ length: 8 }, () => follow(a, b)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(204));
    expect((await following(a)).total).toBe(1);
    expect(await auditOf(a, "user.follow")).toHaveLength(1);
  });

  it("deletes a user while follows of and by them are made: every answer a 204 or a 404, none stays behind", async () => {
    const doomed = await user("f-race-doomed");
    const others: string[] = [];
    for (let i = 0; i < 6; i++) others.push(await user(`f-race-${i}`));
    const answers = await Promise.all([
      ...others.slice(0, 3).map((id) => follow(id, doomed)),
      t.api("DELETE", `/api/v1/users/${doomed}`),
      ...others.slice(3).map((id) => follow(doomed, id)),
    ]);
    for (const res of answers) expect([204, 404], JSON.stringify(res.body)).toContain(res.status);
    const prisma = t.server.db.prisma;
    expect(await prisma.follow.count({ where: { OR: [{ followerId: doomed }, { followedId: doomed }] } })).toBe(0);
  });
});

describe("refused requests write nothing", () => {
  let a: string;
  let b: string;
  beforeAll(async () => {
    a = await user("f-guard-a");
    b = await user("f-guard-b");
  });

  const cases: { name: string; method: string; path: () => string; status: number; reason?: string; field?: string }[] = [
    { name: "follow oneself", method: "PUT", path: () => `/api/v1/users/${a}/following/${a}`, status: 422, reason: "self_follow" },
    { name: "follow as an unknown user", method: "PUT", path: () => `/api/v1/users/${UNKNOWN}/following/${b}`, status: 404, reason: "user_not_found" },
    { name: "follow an unknown user", method: "PUT", path: () => `/api/v1/users/${a}/following/${UNKNOWN}`, status: 404, reason: "user_not_found" },
    { name: "follow with a bad follower uuid", method: "PUT", path: () => `/api/v1/users/alice/following/${b}`, status: 400, field: "path.id" },
    { name: "follow a bad target uuid", method: "PUT", path: () => `/api/v1/users/${a}/following/bob`, status: 400, field: "path.targetId" },
    { name: "unfollow as an unknown user", method: "DELETE", path: () => `/api/v1/users/${UNKNOWN}/following/${b}`, status: 404, reason: "user_not_found" },
    { name: "unfollow an unknown user", method: "DELETE", path: () => `/api/v1/users/${a}/following/${UNKNOWN}`, status: 404, reason: "user_not_found" },
    { name: "unfollow a bad target uuid", method: "DELETE", path: () => `/api/v1/users/${a}/following/1`, status: 400, field: "path.targetId" },
    { name: "list following of an unknown user", method: "GET", path: () => `/api/v1/users/${UNKNOWN}/following`, status: 404, reason: "user_not_found" },
    { name: "list followers of an unknown user", method: "GET", path: () => `/api/v1/users/${UNKNOWN}/followers`, status: 404, reason: "user_not_found" },
    { name: "list followers of a bad uuid", method: "GET", path: () => "/api/v1/users/x/followers", status: 400, field: "path.id" },
    { name: "list following with a garbage cursor", method: "GET", path: () => `/api/v1/users/${a}/following?cursor=garbage`, status: 400, field: "query.cursor" },
    { name: "list followers with a limit of 0", method: "GET", path: () => `/api/v1/users/${a}/followers?limit=0`, status: 400, field: "query.limit" },
    { name: "list following with a limit past 200", method: "GET", path: () => `/api/v1/users/${a}/following?limit=1000`, status: 400, field: "query.limit" },
    { name: "list followers with an unknown parameter", method: "GET", path: () => `/api/v1/users/${a}/followers?sort=username`, status: 400, field: "query" },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await writeCounts(t);
      const res = await t.api(c.method, c.path());
      expectProblem(res, c.status);
      if (c.reason) expect(res.body.reason).toBe(c.reason);
      if (c.field) expect(res.body.errors?.map((e: any) => e.path), JSON.stringify(res.body)).toContain(c.field);
      expect(await writeCounts(t)).toEqual(before);
    });
  }

  it("refuses a key without users:update (403) and one without users:read", async () => {
    const reader = await apiKeyWith(t, ["users:read"]);
    const before = await writeCounts(t);
    expectProblem(await follow(a, b, reader), 403, "forbidden");
    expectProblem(await t.api("DELETE", `/api/v1/users/${a}/following/${b}`, { token: reader }), 403, "forbidden");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", `/api/v1/users/${a}/following`, { token: reader })).status).toBe(200);
    const groupsOnly = await apiKeyWith(t, ["groups:read"]);
    expectProblem(await t.api("GET", `/api/v1/users/${a}/followers`, { token: groupsOnly }), 403, "forbidden");
  });
});
