import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { v1Contract, type ListGroupsQuery } from "@steward/contracts";
import { listGroups } from "../src/services/groups/list-groups.ts";
import { apiKeyWith, createUser, expectProblem, startTestServer, systemContextOf, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** The contract's own answer schemas: every success is parsed with them. */
const routes = v1Contract.groups;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

function ok<T>(res: ApiResponse, status: number, schema: { parse(value: unknown): T }): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return schema.parse(res.body);
}

const create = async (body: Record<string, unknown>) =>
  ok(await t.api("POST", "/api/v1/groups", { body }), 201, routes.createGroup.responses[201]);
const get = async (id: string) => ok(await t.api("GET", `/api/v1/groups/${id}`), 200, routes.getGroup.responses[200]);
const list = async (query: string) => ok(await t.api("GET", `/api/v1/groups?${query}`), 200, routes.listGroups.responses[200]);
const members = async (id: string, query = "") =>
  ok(await t.api("GET", `/api/v1/groups/${id}/members?${query}`), 200, routes.listGroupMembers.responses[200]);
const userGroups = async (userId: string) =>
  ok(await t.api("GET", `/api/v1/users/${userId}/groups`), 200, routes.listUserGroups.responses[200]);
const add = (groupId: string, userId: string) => t.api("PUT", `/api/v1/groups/${groupId}/members/${userId}`);
const remove = (groupId: string, userId: string) => t.api("DELETE", `/api/v1/groups/${groupId}/members/${userId}`);
const etagOf = async (userId: string) => (await t.api("GET", `/api/v1/users/${userId}`)).headers.get("etag");
const auditOf = async (targetId: string, action: string) =>
  (await t.api("GET", `/api/v1/audit-events?targetId=${targetId}&action=${action}`)).body.data as any[];

describe("creating and reading groups", () => {
  it("creates a group: 201, Location, no room unless asked, audited as v1", async () => {
    const res = await t.api("POST", "/api/v1/groups", { body: { name: "  Plain  " } });
    const group = ok(res, 201, routes.createGroup.responses[201]);
    expect(group).toMatchObject({ name: "Plain", mucJid: null, memberCount: 0 });
    expect(res.headers.get("location")).toBe(`/api/v1/groups/${group.id}`);
    const [event] = await auditOf(group.id, "group.create");
    expect(event).toMatchObject({ action: "group.create", dialect: "v1", actor: { type: "user", label: "admin" }, target: { type: "group", id: group.id } });
    expect(event.after).toEqual(group);
  });

  it("gives a group asked for a room the address <id>@groups.localhost", async () => {
    const group = await create({ name: "With room", createMuc: true });
    expect(group.mucJid).toBe(`${group.id}@groups.localhost`);
    expect(await get(group.id)).toEqual(group);
  });

  it("gets a group, 404s an unknown one (group_not_found), 400s a bad id", async () => {
    const group = await create({ name: "Gettable" });
    expect(await get(group.id)).toEqual(group);
    const missing = await t.api("GET", `/api/v1/groups/${UNKNOWN}`);
    expectProblem(missing, 404, "not_found");
    expect(missing.body.reason).toBe("group_not_found");
    const bad = await t.api("GET", "/api/v1/groups/not-a-uuid");
    expectProblem(bad, 400, "bad_request");
    expect(bad.body.errors.map((e: any) => e.path)).toContain("path.id");
  });
});

describe("refused requests write nothing", () => {
  let groupId: string;
  let userId: string;
  beforeAll(async () => {
    groupId = (await create({ name: "Guarded" })).id;
    userId = (await createUser(t, { username: "guarded-user" })).id;
  });

  const cases: { name: string; method: string; path: () => string; body?: unknown; status: number; reason?: string; field?: string }[] = [
    { name: "create without a name", method: "POST", path: () => "/api/v1/groups", body: {}, status: 400, field: "body.name" },
    { name: "create with a blank name", method: "POST", path: () => "/api/v1/groups", body: { name: "   " }, status: 400, field: "body.name" },
    { name: "create with a huge name", method: "POST", path: () => "/api/v1/groups", body: { name: "x".repeat(201) }, status: 400, field: "body.name" },
    { name: "create with a number as name", method: "POST", path: () => "/api/v1/groups", body: { name: 5 }, status: 400, field: "body.name" },
    { name: "create with createMuc as a string", method: "POST", path: () => "/api/v1/groups", body: { name: "g", createMuc: "yes" }, status: 400, field: "body.createMuc" },
    { name: "create with an unknown field", method: "POST", path: () => "/api/v1/groups", body: { name: "g", mucJid: "mine@x" }, status: 400, field: "body" },
    { name: "create with a NUL in the name", method: "POST", path: () => "/api/v1/groups", body: { name: "a\u0000b" }, status: 400, field: "body.name" },
    { name: "rename with an unknown field", method: "PATCH", path: () => `/api/v1/groups/${groupId}`, body: { name: "n", memberCount: 3 }, status: 400, field: "body" },
    { name: "rename with a huge name", method: "PATCH", path: () => `/api/v1/groups/${groupId}`, body: { name: "é".repeat(201) }, status: 400, field: "body.name" },
    { name: "rename a bad uuid", method: "PATCH", path: () => "/api/v1/groups/123", body: { name: "n" }, status: 400, field: "path.id" },
    { name: "rename an unknown group", method: "PATCH", path: () => `/api/v1/groups/${UNKNOWN}`, body: { name: "n" }, status: 404, reason: "group_not_found" },
    { name: "delete a bad uuid", method: "DELETE", path: () => "/api/v1/groups/123", status: 400, field: "path.id" },
    { name: "delete an unknown group", method: "DELETE", path: () => `/api/v1/groups/${UNKNOWN}`, status: 404, reason: "group_not_found" },
    { name: "add to an unknown group", method: "PUT", path: () => `/api/v1/groups/${UNKNOWN}/members/${userId}`, status: 404, reason: "group_not_found" },
    { name: "add an unknown user", method: "PUT", path: () => `/api/v1/groups/${groupId}/members/${UNKNOWN}`, status: 404, reason: "user_not_found" },
    { name: "add a bad user uuid", method: "PUT", path: () => `/api/v1/groups/${groupId}/members/bob`, status: 400, field: "path.userId" },
    { name: "remove from an unknown group", method: "DELETE", path: () => `/api/v1/groups/${UNKNOWN}/members/${userId}`, status: 404, reason: "group_not_found" },
    { name: "remove an unknown user", method: "DELETE", path: () => `/api/v1/groups/${groupId}/members/${UNKNOWN}`, status: 404, reason: "user_not_found" },
    { name: "list members of an unknown group", method: "GET", path: () => `/api/v1/groups/${UNKNOWN}/members`, status: 404, reason: "group_not_found" },
    { name: "list members with a garbage cursor", method: "GET", path: () => `/api/v1/groups/${groupId}/members?cursor=garbage`, status: 400, field: "query.cursor" },
    { name: "list members with a limit of 0", method: "GET", path: () => `/api/v1/groups/${groupId}/members?limit=0`, status: 400, field: "query.limit" },
    { name: "list groups of an unknown user", method: "GET", path: () => `/api/v1/users/${UNKNOWN}/groups`, status: 404, reason: "user_not_found" },
    { name: "list groups with an unknown sort", method: "GET", path: () => "/api/v1/groups?sort=memberCount", status: 400, field: "query.sort" },
    { name: "list groups with an unknown parameter", method: "GET", path: () => "/api/v1/groups?owner=me", status: 400, field: "query" },
    { name: "list groups with a limit past 200", method: "GET", path: () => "/api/v1/groups?limit=1000", status: 400, field: "query.limit" },
    { name: "list groups with a huge search", method: "GET", path: () => `/api/v1/groups?q=${"q".repeat(101)}`, status: 400, field: "query.q" },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await writeCounts(t);
      const etag = await etagOf(userId);
      const res = await t.api(c.method, c.path(), { body: c.body });
      expectProblem(res, c.status);
      if (c.reason) expect(res.body.reason).toBe(c.reason);
      if (c.field) expect(res.body.errors?.map((e: any) => e.path), JSON.stringify(res.body)).toContain(c.field);
      expect(await writeCounts(t)).toEqual(before);
      expect(await etagOf(userId)).toBe(etag);
    });
  }

  it("refuses a key without groups:manage (403) and one without groups:read", async () => {
    const reader = await apiKeyWith(t, ["groups:read"]);
    const before = await writeCounts(t);
    expectProblem(await t.api("POST", "/api/v1/groups", { token: reader, body: { name: "nope" } }), 403, "forbidden");
    expectProblem(await t.api("PUT", `/api/v1/groups/${groupId}/members/${userId}`, { token: reader }), 403, "forbidden");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", `/api/v1/groups/${groupId}`, { token: reader })).status).toBe(200);
    const usersOnly = await apiKeyWith(t, ["users:read"]);
    expectProblem(await t.api("GET", `/api/v1/users/${userId}/groups`, { token: usersOnly }), 403, "forbidden");
  });
});

describe("listing groups", () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    for (const name of ["Zeta crew", "alpha team", "Beta 50%_off", "beta testers", "Gamma"]) ids[name] = (await create({ name })).id;
    const users = [];
    for (let i = 0; i < 3; i++) users.push((await createUser(t, { username: `lister-${i}` })).id);
    for (const userId of users) expect((await add(ids["beta testers"]!, userId)).status).toBe(204);
    expect((await add(ids["Gamma"]!, users[0]!)).status).toBe(204);
  });

  it("searches a case-insensitive substring of the name, with totals and member counts", async () => {
    const beta = await list("q=BETA");
    expect(beta.data.map((g) => g.name)).toEqual(["Beta 50%_off", "beta testers"]);
    expect(beta.total).toBe(2);
    expect(beta.data.map((g) => g.memberCount)).toEqual([0, 3]);
    expect((await list("q=Gamma")).data[0]).toMatchObject({ name: "Gamma", memberCount: 1 });
    // LIKE's wildcards are searched as characters.
    expect((await list("q=50%25_")).data.map((g) => g.name)).toEqual(["Beta 50%_off"]);
    expect((await list("q=%25")).total).toBe(1);
    expect((await list("q=nothing-like-this")).total).toBe(0);
  });

  it("pages by name, -name, createdAt and -createdAt: a total on every page, each group once, in the sort's order", async () => {
    const orders: Record<string, string[]> = {};
    for (const sort of ["name", "-name", "createdAt", "-createdAt"]) {
      const whole = await list(`sort=${sort}&limit=200`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.total).toBe(whole.total);
        expect(page.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.data.map((g) => g.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, sort).toEqual(whole.data.map((g) => g.id));
      orders[sort] = seen;
      if (sort === "createdAt") {
        const byTime = [...whole.data].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
        expect(seen).toEqual(byTime.map((g) => g.id));
      }
    }
    expect(orders["-name"]).toEqual([...orders.name!].reverse());
    expect(orders["-createdAt"]).toEqual([...orders.createdAt!].reverse());
    // Names compare in the database's collation (PGlite's C, a server's locale): only same-case names are sure.
    expect(orders.name!.indexOf(ids["Gamma"]!)).toBeLessThan(orders.name!.indexOf(ids["Zeta crew"]!));
  });

  it("refuses a cursor of another sort", async () => {
    const page = await list("sort=name&limit=1");
    expectProblem(await t.api("GET", `/api/v1/groups?sort=createdAt&cursor=${page.nextCursor}`), 400, "bad_request");
  });

  it("takes a limit past the HTTP cap when a dialect asks the service directly", async () => {
    const prisma = t.server.db.prisma;
    await prisma.group.createMany({ data: Array.from({ length: 210 }, (_, i) => ({ name: `bulk-${String(i).padStart(3, "0")}` })) });
    const ctx = systemContextOf(t);
    const query: ListGroupsQuery = { limit: 1000, sort: "name", q: "bulk-" };
    const page = await listGroups(ctx, query);
    expect(page.data).toHaveLength(210);
    expect(page.total).toBe(210);
    expect(page.nextCursor).toBeNull();
    await prisma.group.deleteMany({ where: { name: { startsWith: "bulk-" } } });
  });
});

describe("renaming", () => {
  it("renames, audits before and after, and moves the members' ETags", async () => {
    const group = await create({ name: "Old name" });
    const member = (await createUser(t, { username: "renamed-member" })).id;
    expect((await add(group.id, member)).status).toBe(204);
    const etag = await etagOf(member);
    const res = await t.api("PATCH", `/api/v1/groups/${group.id}`, { body: { name: "New name" } });
    const renamed = ok(res, 200, routes.updateGroup.responses[200]);
    expect(renamed).toMatchObject({ id: group.id, name: "New name", memberCount: 1 });
    const [event] = await auditOf(group.id, "group.rename");
    expect(event).toMatchObject({ dialect: "v1", before: { name: "Old name" }, after: { name: "New name" } });
    expect(await etagOf(member)).not.toBe(etag);
    expect((await t.api("GET", `/api/v1/users/${member}`)).body.groups).toEqual([{ id: group.id, name: "New name" }]);
  });

  it("changes nothing when the name is the same", async () => {
    const group = await create({ name: "Same" });
    const before = await writeCounts(t);
    expect(ok(await t.api("PATCH", `/api/v1/groups/${group.id}`, { body: { name: "Same" } }), 200, routes.updateGroup.responses[200])).toEqual(group);
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("members", () => {
  let group: { id: string };
  const people: { id: string; username: string }[] = [];
  beforeAll(async () => {
    group = await create({ name: "Paged" });
    // Created out of order: the list sorts by username regardless of case.
    for (const name of ["m-g", "M-C", "m-a", "m-f", "m-b", "M-E", "m-d"]) people.push(await createUser(t, { username: name, displayName: `Member ${name}` }));
    for (const person of people) expect((await add(group.id, person.id)).status).toBe(204);
  });

  it("pages members by username, 3 at a time, with the total on each page", async () => {
    const first = await members(group.id, "limit=3");
    expect(first.data.map((m) => m.username)).toEqual(["m-a", "m-b", "M-C"]);
    expect(first.total).toBe(7);
    expect(first.data[0]).toMatchObject({ displayName: "Member m-a", id: people.find((p) => p.username === "m-a")!.id });
    const second = await members(group.id, `limit=3&cursor=${first.nextCursor}`);
    expect(second.data.map((m) => m.username)).toEqual(["m-d", "M-E", "m-f"]);
    expect(second.total).toBe(7);
    const third = await members(group.id, `limit=3&cursor=${second.nextCursor}`);
    expect(third.data.map((m) => m.username)).toEqual(["m-g"]);
    expect(third.nextCursor).toBeNull();
    expect((await get(group.id)).memberCount).toBe(7);
  });

  it("adds idempotently: a second add writes nothing and leaves the ETag", async () => {
    const person = people[0]!;
    const etag = await etagOf(person.id);
    const before = await writeCounts(t);
    expect((await add(group.id, person.id)).status).toBe(204);
    expect(await writeCounts(t)).toEqual(before);
    expect(await etagOf(person.id)).toBe(etag);
  });

  it("removes idempotently, audits once, and moves the ETag once", async () => {
    const person = people[1]!;
    const etag = await etagOf(person.id);
    const res = await remove(group.id, person.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const moved = await etagOf(person.id);
    expect(moved).not.toBe(etag);
    const before = await writeCounts(t);
    expect((await remove(group.id, person.id)).status).toBe(204);
    expect(await writeCounts(t)).toEqual(before);
    expect(await etagOf(person.id)).toBe(moved);
    const events = (await auditOf(group.id, "group.member.remove")).filter((e) => e.before.userId === person.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ dialect: "v1", before: { groupId: group.id, userId: person.id }, after: null });
    expect((await members(group.id)).total).toBe(6);
  });
});

describe("a user's groups", () => {
  it("shows in the user (and moves the ETag) when added, in /users/:id/groups too", async () => {
    const user = await createUser(t, { username: "joiner" });
    const b = await create({ name: "B group" });
    const a = await create({ name: "A group" });
    expect(await userGroups(user.id)).toEqual({ data: [], total: 0 });
    const before = await t.api("GET", `/api/v1/users/${user.id}`);
    expect((await add(b.id, user.id)).status).toBe(204);
    expect((await add(a.id, user.id)).status).toBe(204);
    const after = await t.api("GET", `/api/v1/users/${user.id}`);
    expect(after.body.groups).toEqual([{ id: a.id, name: "A group" }, { id: b.id, name: "B group" }]);
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
    const mine = await userGroups(user.id);
    expect(mine.total).toBe(2);
    expect(mine.data.map((g) => [g.name, g.memberCount])).toEqual([["A group", 1], ["B group", 1]]);
    const [event] = await auditOf(a.id, "group.member.add");
    expect(event).toMatchObject({ dialect: "v1", target: { type: "group", id: a.id }, after: { groupId: a.id, userId: user.id } });
  });

  it("does not need the rank to act on the user: a groups:manage key adds an administrator", async () => {
    const manager = await apiKeyWith(t, ["groups:manage"]);
    const group = await create({ name: "Admins too" });
    const adminId = (await t.api("GET", "/api/v1/users/lookup?username=admin")).body.id;
    expect((await t.api("PUT", `/api/v1/groups/${group.id}/members/${adminId}`, { token: manager })).status).toBe(204);
    expect((await get(group.id)).memberCount).toBe(1);
  });
});

describe("concurrent changes", () => {
  it("adds the same member from many requests at once: one membership, one audit event, one version", async () => {
    const group = await create({ name: "Raced" });
    const user = (await createUser(t, { username: "raced-member" })).id;
    const answers = await Promise.all(Array.from({ length: 8 }, () => add(group.id, user)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(204));
    expect((await get(group.id)).memberCount).toBe(1);
    expect(await auditOf(group.id, "group.member.add")).toHaveLength(1);
    expect(await etagOf(user)).toBe('"v2"');
  });

  it("deletes a group while members are being added: every answer is a 204 or a 404, none stays behind", async () => {
    const group = await create({ name: "Raced delete" });
    const users = [];
    for (let i = 0; i < 6; i++) users.push((await createUser(t, { username: `raced-${i}` })).id);
    const answers = await Promise.all([
      ...users.slice(0, 3).map((id) => add(group.id, id)),
      t.api("DELETE", `/api/v1/groups/${group.id}`),
      ...users.slice(3).map((id) => add(group.id, id)),
    ]);
    for (const res of answers) expect([204, 404], JSON.stringify(res.body)).toContain(res.status);
    expect(await t.server.db.prisma.groupMembership.count({ where: { groupId: group.id } })).toBe(0);
    for (const id of users) expect((await userGroups(id)).total).toBe(0);
  });
});

describe("deleting", () => {
  it("deletes the group and its memberships, keeps the users, and moves their ETags", async () => {
    const group = await create({ name: "Doomed" });
    const users = [(await createUser(t, { username: "survivor-1" })).id, (await createUser(t, { username: "survivor-2" })).id];
    for (const id of users) expect((await add(group.id, id)).status).toBe(204);
    const etags = await Promise.all(users.map(etagOf));
    const before = await writeCounts(t);
    const res = await t.api("DELETE", `/api/v1/groups/${group.id}`);
    expect(res.status).toBe(204);
    const after = await writeCounts(t);
    expect(after).toMatchObject({ users: before.users, groups: before.groups - 1, groupMemberships: before.groupMemberships - 2 });
    for (const [i, id] of users.entries()) {
      const user = await t.api("GET", `/api/v1/users/${id}`);
      expect(user.status).toBe(200);
      expect(user.body.groups).toEqual([]);
      expect(user.headers.get("etag")).not.toBe(etags[i]);
    }
    expectProblem(await t.api("GET", `/api/v1/groups/${group.id}`), 404, "not_found");
    const [event] = await auditOf(group.id, "group.delete");
    expect(event).toMatchObject({ dialect: "v1", before: { id: group.id, name: "Doomed", memberCount: 2 }, after: null });
  });
});
