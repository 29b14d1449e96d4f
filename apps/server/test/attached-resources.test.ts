import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { v1Contract } from "@steward/contracts";
import type { SqlClient } from "@steward/db";
import { listUsers } from "../src/services/users/list-users.ts";
import { lookupUser } from "../src/services/users/get-user.ts";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, systemContextOf, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";
import { PLEROMA_PREFIX, PROSODY_PREFIX, expectPleromaError, expectProsodyError } from "./support/contract-check.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** The contract's own answer schemas: every success is parsed with them. */
const routes = v1Contract.resources;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

function ok<T>(res: ApiResponse, status: number, schema: { parse(value: unknown): T }): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return schema.parse(res.body);
}

const list = async (userId: string, query = "") =>
  ok(await t.api("GET", `/api/v1/users/${userId}/resources?${query}`), 200, routes.listUserResources.responses[200]);
const attach = (userId: string, body: Record<string, unknown>, token?: string) => t.api("POST", `/api/v1/users/${userId}/resources`, { body, token });
const attachNew = async (userId: string, body: Record<string, unknown>) => ok(await attach(userId, body), 201, routes.attachResource.responses[201]);
const detach = (userId: string, resourceId: string, token?: string) => t.api("DELETE", `/api/v1/users/${userId}/resources/${resourceId}`, { token });
const deleteUser = (userId: string, query = "") => t.api("DELETE", `/api/v1/users/${userId}${query}`);
const etagOf = async (userId: string) => (await t.api("GET", `/api/v1/users/${userId}`)).headers.get("etag");
const auditOf = async (targetId: string, action: string) =>
  (await t.api("GET", `/api/v1/audit-events?targetId=${targetId}&action=${action}`)).body.data as any[];
const user = async (username: string, fields: Record<string, unknown> = {}) => (await createUser(t, { username, ...fields })).id as string;

describe("attaching, listing and detaching", () => {
  it("attaches: 201 with the resource, listed, audited once as v1 on the user, no ETag moves", async () => {
    const owner = await user("r-owner");
    const etag = await etagOf(owner);
    const resource = await attachNew(owner, { kind: "server", externalId: "srv-1", name: "Minecraft" });
    expect(resource).toEqual({ id: expect.any(String), userId: owner, kind: "server", externalId: "srv-1", name: "Minecraft", attachedAt: expect.any(String) });
    expect(await list(owner)).toEqual({ data: [resource], total: 1, nextCursor: null });
    const events = await auditOf(owner, "user.resource.attach");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      dialect: "v1",
      actor: { type: "user", label: "admin" },
      target: { type: "user", id: owner },
      before: null,
      after: resource,
    });
    expect(await etagOf(owner)).toBe(etag);
  });

  it("takes no name, or null, as no name", async () => {
    const owner = await user("r-nameless");
    expect((await attachNew(owner, { kind: "server", externalId: "nameless-1" })).name).toBeNull();
    expect((await attachNew(owner, { kind: "server", externalId: "nameless-2", name: null })).name).toBeNull();
  });

  it("attaches idempotently: the same (kind, externalId) again answers 200 with the link as it is and writes nothing", async () => {
    const owner = await user("r-idem");
    const first = await attachNew(owner, { kind: "server", externalId: "idem-1", name: "First name" });
    const before = await writeCounts(t);
    for (const body of [{ kind: "server", externalId: "idem-1" }, { kind: "server", externalId: "idem-1", name: "Other name" }]) {
      expect(ok(await attach(owner, body), 200, routes.attachResource.responses[200])).toEqual(first);
    }
    expect(await writeCounts(t)).toEqual(before);
    expect(await auditOf(owner, "user.resource.attach")).toHaveLength(1);
  });

  it("refuses a resource attached to another user: 409 resource_attached_elsewhere, nothing written", async () => {
    const owner = await user("r-first-owner");
    const other = await user("r-second-owner");
    await attachNew(owner, { kind: "server", externalId: "taken-1" });
    const before = await writeCounts(t);
    const res = await attach(other, { kind: "server", externalId: "taken-1" });
    expectProblem(res, 409, "conflict");
    expect(res.body.reason).toBe("resource_attached_elsewhere");
    expect(await writeCounts(t)).toEqual(before);
    expect((await list(other)).total).toBe(0);
  });

  it("tells resources apart by kind and external id together, the external id compared exactly", async () => {
    const a = await user("r-kinds-a");
    const b = await user("r-kinds-b");
    await attachNew(a, { kind: "server", externalId: "shared-7" });
    await attachNew(b, { kind: "database", externalId: "shared-7" });
    await attachNew(b, { kind: "server", externalId: "SHARED-7" });
    expect((await list(b)).data.map((r) => `${r.kind}:${r.externalId}`)).toEqual(["database:shared-7", "server:SHARED-7"]);
  });

  it("detaches: 204 with no body, gone from the list, audited with the resource as it was", async () => {
    const owner = await user("r-detach");
    const kept = await attachNew(owner, { kind: "server", externalId: "keep-1" });
    const gone = await attachNew(owner, { kind: "server", externalId: "gone-1", name: "Gone" });
    const res = await detach(owner, gone.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect(await list(owner)).toEqual({ data: [kept], total: 1, nextCursor: null });
    const events = await auditOf(owner, "user.resource.detach");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ dialect: "v1", target: { type: "user", id: owner }, before: gone, after: null });
    // Detached, the resource can be attached to someone else.
    expect((await attachNew(await user("r-detach-next"), { kind: "server", externalId: "gone-1" })).externalId).toBe("gone-1");
  });

  it("detaches only the user's own resource: another user's id is a 404 resource_not_found and stays attached", async () => {
    const owner = await user("r-mine");
    const stranger = await user("r-stranger");
    const resource = await attachNew(owner, { kind: "server", externalId: "mine-1" });
    const before = await writeCounts(t);
    const res = await detach(stranger, resource.id);
    expectProblem(res, 404, "not_found");
    expect(res.body.reason).toBe("resource_not_found");
    expect(await writeCounts(t)).toEqual(before);
    expect((await list(owner)).data).toEqual([resource]);
  });
});

describe("paging", () => {
  it("pages in attach order, 2 at a time, with the total on each page", async () => {
    const owner = await user("r-pager");
    for (const externalId of ["z", "a", "m", "b", "y"]) await attachNew(owner, { kind: "server", externalId });
    const first = await list(owner, "limit=2");
    expect(first.data.map((r) => r.externalId)).toEqual(["z", "a"]);
    expect(first.total).toBe(5);
    const second = await list(owner, `limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((r) => r.externalId)).toEqual(["m", "b"]);
    const third = await list(owner, `limit=2&cursor=${second.nextCursor}`);
    expect(third).toMatchObject({ total: 5, nextCursor: null });
    expect(third.data.map((r) => r.externalId)).toEqual(["y"]);
  });

  it("keeps resources attached in the same millisecond apart by id", async () => {
    const owner = await user("r-same-ms");
    const prisma = t.server.db.prisma;
    const at = new Date("2026-01-01T00:00:00.000Z");
    await prisma.attachedResource.createMany({ data: ["p", "q", "r", "s"].map((externalId) => ({ userId: owner, kind: "same-ms", externalId, createdAt: at })) });
    const seen: string[] = [];
    let cursor = "";
    do {
      const page = await list(owner, `limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor ?? "";
    } while (cursor);
    const expected = (await prisma.attachedResource.findMany({ where: { userId: owner }, select: { id: true } })).map((r) => r.id).sort();
    expect(seen).toEqual(expected);
  });
});

describe("users read with their resources", () => {
  /** A context whose SQL client counts the statements it sends. */
  const countingContext = () => {
    let statements = 0;
    const sql: SqlClient = new Proxy(t.server.db.sql, {
      get: (target, key, receiver) => {
        const value = Reflect.get(target, key, receiver);
        if (key !== "query" || typeof value !== "function") return value;
        return (...args: unknown[]) => {
          statements++;
          return value.apply(target, args);
        };
      },
    });
    return { ctx: { ...systemContextOf(t), sql }, statements: () => statements };
  };

  it("a page of users brings each one's resources, in attach order, in the statement that reads the users", async () => {
    const a = await user("r-many-a");
    const b = await user("r-many-b");
    const none = await user("r-many-none");
    const a1 = await attachNew(a, { kind: "server", externalId: "many-a1" });
    const b1 = await attachNew(b, { kind: "server", externalId: "many-b1" });
    const a2 = await attachNew(a, { kind: "server", externalId: "many-a2", name: "Second" });
    const listing = { filter: { handle: "r-many-" }, order: "username", limit: 10 } as const;

    const plain = countingContext();
    const without = await listUsers(plain.ctx, listing);
    const counted = countingContext();
    const page = await listUsers(counted.ctx, { ...listing, include: { resources: true } });
    expect(counted.statements()).toBe(plain.statements());
    expect(without.data.map((record) => record.resources)).toEqual([undefined, undefined, undefined]);
    expect(page.total).toBe(3);
    expect(page.data.map(({ user, resources }) => [user.id, resources])).toEqual([
      [a, [a1, a2]],
      [b, [b1]],
      [none, []],
    ]);
    // The same users by the other way a listing reads them (no search: an index walk and a count).
    const byNumber = await listUsers(plain.ctx, { filter: { id: a }, order: "numericId", limit: 10, include: { resources: true } });
    expect(byNumber.data.map((record) => record.resources)).toEqual([[a1, a2]]);
  });

  it("one user by any reference, with their resources, in one statement", async () => {
    const owner = await user("r-one", { externalId: "r-one-ext" });
    const first = await attachNew(owner, { kind: "server", externalId: "one-1" });
    const second = await attachNew(owner, { kind: "server", externalId: "one-2" });
    const counted = countingContext();
    const record = await lookupUser(counted.ctx, { externalId: "r-one-ext" }, { resources: true });
    expect(counted.statements()).toBe(1);
    expect(record.user.id).toBe(owner);
    expect(record.resources).toEqual([first, second]);
    expect((await lookupUser(counted.ctx, owner)).resources).toBeUndefined();
  });
});

describe("deleting a user with resources attached", () => {
  it("is refused (409 resources_attached, saying how many) and changes nothing", async () => {
    const owner = await user("r-doomed");
    await attachNew(owner, { kind: "server", externalId: "doomed-1" });
    await attachNew(owner, { kind: "server", externalId: "doomed-2" });
    const before = await writeCounts(t);
    for (const query of ["", "?detachResources=false"]) {
      const res = await deleteUser(owner, query);
      expectProblem(res, 409, "conflict");
      expect(res.body.reason).toBe("resources_attached");
      expect(res.body.detail).toContain("2 resources");
    }
    expect(await writeCounts(t)).toEqual(before);
    expect((await list(owner)).total).toBe(2);
  });

  it("says one resource in the singular", async () => {
    const owner = await user("r-doomed-one");
    await attachNew(owner, { kind: "server", externalId: "doomed-one-1" });
    expect((await deleteUser(owner)).body.detail).toContain("1 resource attached");
  });

  it("goes through with detachResources=true: every resource detached and audited, then the user deleted", async () => {
    const owner = await user("r-doomed-ok");
    const resources = [await attachNew(owner, { kind: "server", externalId: "ok-1" }), await attachNew(owner, { kind: "server", externalId: "ok-2" })];
    const before = await writeCounts(t);
    const res = await deleteUser(owner, "?detachResources=true");
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    const after = await writeCounts(t);
    expect(after.users).toBe(before.users - 1);
    expect(after.attachedResources).toBe(before.attachedResources - 2);
    expect(after.auditEvents).toBe(before.auditEvents + 3);
    const detached = await auditOf(owner, "user.resource.detach");
    expect(detached.map((e) => e.before).sort((x, y) => x.externalId.localeCompare(y.externalId))).toEqual(resources);
    expect(await auditOf(owner, "user.delete")).toHaveLength(1);
    expectProblem(await t.api("GET", `/api/v1/users/${owner}/resources`), 404, "not_found");
    // The resources are free again.
    expect((await attachNew(await user("r-heir"), { kind: "server", externalId: "ok-1" })).externalId).toBe("ok-1");
  });

  it("deletes a user without resources with or without detachResources", async () => {
    expect((await deleteUser(await user("r-bare-1"))).status).toBe(204);
    expect((await deleteUser(await user("r-bare-2"), "?detachResources=true")).status).toBe(204);
  });

  it("keeps the other refusals first: the last administrator is not deleted, detachResources or not", async () => {
    const admin = (await t.api("GET", "/api/v1/users/lookup?username=admin")).body.id;
    await attachNew(admin, { kind: "server", externalId: "admin-1" });
    const before = await writeCounts(t);
    const res = await deleteUser(admin, "?detachResources=true");
    expectProblem(res, 409, "conflict");
    expect(res.body.reason).toBe("last_admin");
    expect(await writeCounts(t)).toEqual(before);
  });

  const dialects = [
    {
      name: "Prosody's DELETE /users/:username",
      remove: (username: string) => t.api("DELETE", `${PROSODY_PREFIX}/users/${username}`),
      refusal: (res: ApiResponse) => (expectProsodyError(res, 409, "conflict"), res.body.text as string),
    },
    {
      name: "Pleroma's DELETE /users",
      remove: (username: string) => t.api("DELETE", `${PLEROMA_PREFIX}/users`, { body: { nickname: username } }),
      refusal: (res: ApiResponse) => (expectPleromaError(res, 409), res.body.error as string),
    },
  ];
  for (const [i, dialect] of dialects.entries()) {
    it(`is refused through ${dialect.name} too, in its format`, async () => {
      const owner = await user(`r-dialect-${i}`);
      await attachNew(owner, { kind: "server", externalId: `dialect-${i}` });
      const before = await writeCounts(t);
      expect(dialect.refusal(await dialect.remove(`r-dialect-${i}`))).toContain("1 resource attached");
      expect(await writeCounts(t)).toEqual(before);
    });
  }
});

describe("who may attach and detach", () => {
  let moderatorToken: string;
  let adminId: string;
  beforeAll(async () => {
    await createUser(t, { username: "r-moderator", password: "r-moderator-password", roles: ["moderator"] });
    moderatorToken = await loginAs(t, "r-moderator", "r-moderator-password");
    adminId = (await t.api("GET", "/api/v1/users/lookup?username=admin")).body.id;
  });

  it("a moderator cannot attach to or detach from an administrator (403 target_outranks_caller), but may list", async () => {
    const resource = await attachNew(adminId, { kind: "server", externalId: "rank-1" });
    const before = await writeCounts(t);
    for (const res of [await attach(adminId, { kind: "server", externalId: "rank-2" }, moderatorToken), await detach(adminId, resource.id, moderatorToken)]) {
      expectProblem(res, 403, "forbidden");
      expect(res.body.reason).toBe("target_outranks_caller");
    }
    expect(await writeCounts(t)).toEqual(before);
    const listed = await t.api("GET", `/api/v1/users/${adminId}/resources`, { token: moderatorToken });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((r: any) => r.externalId)).toContain("rank-1");
  });

  it("a moderator may attach to and detach from a plain user", async () => {
    const plain = await user("r-plain");
    const res = await attach(plain, { kind: "server", externalId: "plain-1" }, moderatorToken);
    expect(res.status).toBe(201);
    expect((await auditOf(plain, "user.resource.attach"))[0]).toMatchObject({ actor: { type: "user", label: "r-moderator" } });
    expect((await detach(plain, res.body.id, moderatorToken)).status).toBe(204);
  });

  it("reading needs users:read, attaching and detaching users:update", async () => {
    const owner = await user("r-keys");
    const resource = await attachNew(owner, { kind: "server", externalId: "keys-1" });
    const reader = await apiKeyWith(t, ["users:read"]);
    const before = await writeCounts(t);
    for (const res of [await attach(owner, { kind: "server", externalId: "keys-2" }, reader), await detach(owner, resource.id, reader)]) {
      expectProblem(res, 403, "forbidden");
      expect(res.body.reason).toBe("missing_permission");
    }
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", `/api/v1/users/${owner}/resources`, { token: reader })).status).toBe(200);
    const writer = await apiKeyWith(t, ["users:update"]);
    expectProblem(await t.api("GET", `/api/v1/users/${owner}/resources`, { token: writer }), 403, "forbidden");
    expect((await attach(owner, { kind: "server", externalId: "keys-2" }, writer)).status).toBe(201);
  });
});

describe("refused requests write nothing", () => {
  let owner: string;
  let resourceId: string;
  beforeAll(async () => {
    owner = await user("r-guard");
    resourceId = (await attachNew(owner, { kind: "server", externalId: "guard-1" })).id;
  });

  const long = (n: number) => "x".repeat(n);
  const cases: { name: string; method: string; path: () => string; body?: unknown; status: number; reason?: string; field?: string }[] = [
    { name: "list for an unknown user", method: "GET", path: () => `/api/v1/users/${UNKNOWN}/resources`, status: 404, reason: "user_not_found" },
    { name: "attach to an unknown user", method: "POST", path: () => `/api/v1/users/${UNKNOWN}/resources`, body: { kind: "server", externalId: "nobody-1" }, status: 404, reason: "user_not_found" },
    { name: "detach from an unknown user", method: "DELETE", path: () => `/api/v1/users/${UNKNOWN}/resources/${resourceId}`, status: 404, reason: "user_not_found" },
    { name: "detach an unknown resource", method: "DELETE", path: () => `/api/v1/users/${owner}/resources/${UNKNOWN}`, status: 404, reason: "resource_not_found" },
    { name: "detach a bad resource uuid", method: "DELETE", path: () => `/api/v1/users/${owner}/resources/srv-1`, status: 400, field: "path.resourceId" },
    { name: "list with a bad user uuid", method: "GET", path: () => "/api/v1/users/x/resources", status: 400, field: "path.id" },
    { name: "list with a garbage cursor", method: "GET", path: () => `/api/v1/users/${owner}/resources?cursor=garbage`, status: 400, field: "query.cursor" },
    { name: "list with a limit past 200", method: "GET", path: () => `/api/v1/users/${owner}/resources?limit=201`, status: 400, field: "query.limit" },
    { name: "attach without a kind", method: "POST", path: () => `/api/v1/users/${owner}/resources`, body: { externalId: "e" }, status: 400, field: "body.kind" },
    { name: "attach an empty external id", method: "POST", path: () => `/api/v1/users/${owner}/resources`, body: { kind: "server", externalId: "" }, status: 400, field: "body.externalId" },
    { name: "attach a kind past 64 characters", method: "POST", path: () => `/api/v1/users/${owner}/resources`, body: { kind: long(65), externalId: "e" }, status: 400, field: "body.kind" },
    { name: "attach an external id past 191 characters", method: "POST", path: () => `/api/v1/users/${owner}/resources`, body: { kind: "server", externalId: long(192) }, status: 400, field: "body.externalId" },
    { name: "attach a name past 200 characters", method: "POST", path: () => `/api/v1/users/${owner}/resources`, body: { kind: "server", externalId: "e", name: long(201) }, status: 400, field: "body.name" },
    { name: "attach a kind with a NUL", method: "POST", path: () => `/api/v1/users/${owner}/resources`, body: { kind: "ser\u0000ver", externalId: "e" }, status: 400, field: "body.kind" },
    { name: "attach with an unknown field", method: "POST", path: () => `/api/v1/users/${owner}/resources`, body: { kind: "server", externalId: "e", userId: UNKNOWN }, status: 400, field: "body" },
    { name: "delete with detachResources=yes", method: "DELETE", path: () => `/api/v1/users/${owner}?detachResources=yes`, status: 400, field: "query.detachResources" },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await writeCounts(t);
      const res = await t.api(c.method, c.path(), { body: c.body });
      expectProblem(res, c.status);
      if (c.reason) expect(res.body.reason).toBe(c.reason);
      if (c.field) expect(res.body.errors?.map((e: any) => e.path), JSON.stringify(res.body)).toContain(c.field);
      expect(await writeCounts(t)).toEqual(before);
    });
  }
});
