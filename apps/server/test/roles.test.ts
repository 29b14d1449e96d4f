import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { v1Contract } from "@steward/contracts";
import { ServiceError } from "../src/services/kernel/errors.ts";
import { createRole } from "../src/services/roles/create-role.ts";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, systemContextOf, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";

// Custom roles through /api/v1: made, changed and deleted by operators
// holding roles:manage, never beyond what they hold; the built-in ones read-only.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

const routes = v1Contract.roles;
function ok<T>(res: ApiResponse, status: number, schema: { parse(value: unknown): T }): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return schema.parse(res.body);
}
const create = (body: Record<string, unknown>, token?: string) => t.api("POST", "/api/v1/roles", { body, token });
const createNew = async (body: Record<string, unknown>) => ok(await create(body), 201, routes.createRole.responses[201]);
const update = (id: string, body: Record<string, unknown>, token?: string) => t.api("PATCH", `/api/v1/roles/${id}`, { body, token });
const remove = (id: string, token?: string) => t.api("DELETE", `/api/v1/roles/${id}`, { token });
const auditOf = async (targetId: string) => (await t.api("GET", `/api/v1/audit-events?targetId=${targetId}`)).body.data as any[];
const builtIn = async (name: string) => ((await t.api("GET", "/api/v1/roles")).body.data as any[]).find((role) => role.name === name);

/** An operator signed in with a custom role holding exactly `permissions` (made directly: this is what the test is about). */
async function operatorWith(name: string, permissions: string[]): Promise<string> {
  await t.server.db.prisma.role.create({ data: { name: `${name}-powers`, permissions } });
  await createUser(t, { username: name, password: `${name}-password`, roles: [`${name}-powers`] });
  return loginAs(t, name, `${name}-password`);
}

describe("making a role", () => {
  it("201 with the role, its Location, listed, readable by id, audited once", async () => {
    const res = await create({ name: "support", description: "Answers tickets", permissions: ["users:update", "users:read", "users:read"] });
    const role = ok(res, 201, routes.createRole.responses[201]);
    expect(role).toEqual({ id: expect.any(String), name: "support", description: "Answers tickets", permissions: ["users:read", "users:update"], builtIn: false });
    expect(res.headers.get("location")).toBe(`/api/v1/roles/${role.id}`);
    expect(ok(await t.api("GET", `/api/v1/roles/${role.id}`), 200, routes.getRole.responses[200])).toEqual(role);
    expect((await t.api("GET", "/api/v1/roles")).body.data.map((r: any) => r.name)).toContain("support");
    const events = await auditOf(role.id);
    expect(events.map((e) => e.action)).toEqual(["role.create"]);
    expect(events[0]).toMatchObject({ target: { type: "role", id: role.id }, after: role });
  });

  it("grants what it holds to whoever is given it, and nothing more", async () => {
    const role = await createNew({ name: "readers", permissions: ["users:read", "groups:read"] });
    await createUser(t, { username: "reader", password: "reader-password", roles: [role.name] });
    const token = await loginAs(t, "reader", "reader-password");
    expect((await t.api("GET", "/api/v1/users", { token })).status).toBe(200);
    expectProblem(await t.api("POST", "/api/v1/groups", { token, body: { name: "nope" } }), 403, "forbidden");
  });

  it("a permission outside the vocabulary: 422 unknown_permission naming it; a taken or built-in name: 409; nothing written", async () => {
    await createNew({ name: "taken", permissions: [] });
    const before = await writeCounts(t);
    const unknown = await create({ name: "odd", permissions: ["users:read", "users:fly", "root"] });
    expectProblem(unknown, 422, "unprocessable_entity");
    expect(unknown.body.reason).toBe("unknown_permission");
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: "body.permissions", message: "Unknown permission: users:fly, root" })]);
    for (const name of ["taken", "admin", "moderator"]) {
      const clash = await create({ name, permissions: [] });
      expectProblem(clash, 409, "conflict");
      expect(clash.body.reason).toBe("role_name_taken");
    }
    for (const name of ["Upper", "has space", "", "9starts-with-digit", "x".repeat(65)]) expectProblem(await create({ name, permissions: [] }), 400, "bad_request");
    expect(await writeCounts(t)).toEqual(before);
  });

  it("nobody makes a role beyond what they hold: 403 permission_not_held naming what they lack; roles:manage is needed at all", async () => {
    const token = await operatorWith("role-maker", ["roles:manage", "users:read"]);
    const reader = await apiKeyWith(t, ["roles:read"]);
    const before = await writeCounts(t);
    const wider = await create({ name: "wider", permissions: ["users:read", "users:delete"] }, token);
    expectProblem(wider, 403, "forbidden");
    expect(wider.body).toMatchObject({ reason: "permission_not_held" });
    expect(wider.body.detail).toContain("users:delete");
    expectProblem(await create({ name: "everything", permissions: ["*"] }, token), 403, "forbidden");
    expectProblem(await create({ name: "by-reader", permissions: [] }, reader), 403, "forbidden");
    expect(await writeCounts(t)).toEqual(before);
    // Within what they hold, they may.
    expect((await create({ name: "narrow", permissions: ["users:read"] }, token)).status).toBe(201);
  });
});

describe("changing a role", () => {
  it("renames it and replaces what it grants, for every holder at once; audited with before and after; holders' ETags move on a rename", async () => {
    const role = await createNew({ name: "helpers", permissions: ["users:read"] });
    const holder = await createUser(t, { username: "helper", password: "helper-password", roles: ["helpers"] });
    const token = await loginAs(t, "helper", "helper-password");
    const etag = (await t.api("GET", `/api/v1/users/${holder.id}`)).headers.get("etag");
    expectProblem(await t.api("GET", "/api/v1/groups", { token }), 403, "forbidden");

    const changed = ok(await update(role.id, { name: "helpers-2", permissions: ["users:read", "groups:read"] }), 200, routes.updateRole.responses[200]);
    expect(changed).toMatchObject({ name: "helpers-2", permissions: ["groups:read", "users:read"] });
    // The session in hand has the new permission at once.
    expect((await t.api("GET", "/api/v1/groups", { token })).status).toBe(200);
    const seen = await t.api("GET", `/api/v1/users/${holder.id}`);
    expect(seen.body.roles).toEqual(["helpers-2"]);
    expect(seen.headers.get("etag")).not.toBe(etag);
    const [event] = (await auditOf(role.id)).filter((e) => e.action === "role.update");
    expect(event).toMatchObject({ before: { name: "helpers", permissions: ["users:read"] }, after: changed });

    // Narrowed: taken away at once too.
    await update(role.id, { permissions: ["users:read"] });
    expectProblem(await t.api("GET", "/api/v1/groups", { token }), 403, "forbidden");
  });

  it("built-in roles are read-only: 409 built_in_role, nothing written", async () => {
    const moderator = await builtIn("moderator");
    const before = await writeCounts(t);
    for (const res of [await update(moderator.id, { permissions: ["users:read"] }), await remove(moderator.id), await remove((await builtIn("admin")).id)]) {
      expectProblem(res, 409, "conflict");
      expect(res.body.reason).toBe("built_in_role");
    }
    expect(await writeCounts(t)).toEqual(before);
  });

  it("nobody widens a role, or narrows one, beyond what they hold (403), and nothing changes", async () => {
    const powerful = await createNew({ name: "powerful", permissions: ["users:read", "users:delete"] });
    const modest = await createNew({ name: "modest", permissions: ["users:read"] });
    const token = await operatorWith("role-editor", ["roles:manage", "users:read"]);
    const before = await writeCounts(t);
    const widen = await update(modest.id, { permissions: ["users:read", "users:delete"] }, token);
    expectProblem(widen, 403, "forbidden");
    expect(widen.body.reason).toBe("permission_not_held");
    // Narrowing a role grants nothing, but demotes its holders: the same rank rule as revoking it.
    expectProblem(await update(powerful.id, { permissions: ["users:read"] }, token), 403, "forbidden");
    expectProblem(await update(powerful.id, { name: "renamed" }, token), 403, "forbidden");
    expect(await writeCounts(t)).toEqual(before);
    expect((await update(modest.id, { description: "Within my powers" }, token)).status).toBe(200);
  });

  it("an unknown role: 404 role_not_found; a taken name: 409; an empty change or a bad permission: 4xx; nothing written", async () => {
    const role = await createNew({ name: "to-rename", permissions: [] });
    const before = await writeCounts(t);
    const missing = await update("00000000-0000-4000-8000-000000000000", { description: "x" });
    expectProblem(missing, 404, "not_found");
    expect(missing.body.reason).toBe("role_not_found");
    expectProblem(await update(role.id, { name: "admin" }), 409, "conflict");
    expectProblem(await update(role.id, {}), 400, "bad_request");
    expectProblem(await update(role.id, { permissions: ["nope:nope"] }), 422, "unprocessable_entity");
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("deleting a role", () => {
  it("refused while anyone holds it (409 role_in_use, saying how many); deleted once revoked: 204, gone, audited", async () => {
    const role = await createNew({ name: "temporary", permissions: ["users:read"] });
    const a = await createUser(t, { username: "temp-a", roles: ["temporary"] });
    await createUser(t, { username: "temp-b", roles: ["temporary"] });
    const before = await writeCounts(t);
    const held = await remove(role.id);
    expectProblem(held, 409, "conflict");
    expect(held.body).toMatchObject({ reason: "role_in_use", detail: "temporary is held by 2 users; revoke it first" });
    expect(await writeCounts(t)).toEqual(before);

    await t.api("DELETE", `/api/v1/users/${a.id}/roles/temporary`);
    await t.api("DELETE", "/api/v1/users/" + (await t.api("GET", "/api/v1/users/lookup?username=temp-b")).body.id + "/roles/temporary");
    expect((await remove(role.id)).status).toBe(204);
    expectProblem(await t.api("GET", `/api/v1/roles/${role.id}`), 404, "not_found");
    expect((await auditOf(role.id)).map((e) => e.action)).toEqual(["role.delete", "role.create"]);
    // Granting it now: no such role.
    expectProblem(await t.api("PUT", `/api/v1/users/${a.id}/roles/temporary`), 422, "unprocessable_entity");
  });

  it("nobody deletes a role granting more than they hold (403)", async () => {
    const role = await createNew({ name: "mighty", permissions: ["users:delete"] });
    const token = await operatorWith("role-deleter", ["roles:manage", "users:read"]);
    const res = await remove(role.id, token);
    expectProblem(res, 403, "forbidden");
    expect(res.body.reason).toBe("permission_not_held");
    expect((await t.api("GET", `/api/v1/roles/${role.id}`)).status).toBe(200);
  });
});

describe("the use case itself", () => {
  it("refuses a malformed name whatever door calls it (400 invalid_role_name at body.name), nothing written", async () => {
    const before = await writeCounts(t);
    for (const name of ["Upper", "has space", ""]) {
      const refused = await createRole(systemContextOf(t), { name, permissions: [] }).catch((error: unknown) => error);
      expect(refused, name).toBeInstanceOf(ServiceError);
      expect(refused).toMatchObject({ code: "bad_request", reason: "invalid_role_name", fields: [{ path: "body.name" }] });
    }
    expect(await writeCounts(t)).toEqual(before);
  });
});
