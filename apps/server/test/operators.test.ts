import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";

// Operators: users who hold permissions, read and made under `operators:*`
// (Pryv's admin users), apart from accounts (`users:*`).
let t: TestServer;
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

const makeOperator = async (permissions: string[], password = "operator-password") => {
  const res = await t.api("POST", "/api/v1/operators", { body: { username: fresh("op"), password, permissions } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

describe("operators", () => {
  it("lists users who hold a permission (roles or their own), by username, never plain accounts", async () => {
    const account = await createUser(t, { username: fresh("account") });
    const moderator = await createUser(t, { username: fresh("moderator"), roles: ["moderator"] });
    const own = await makeOperator(["settings:read"]);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.api("GET", `/api/v1/operators?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      names.push(...res.body.data.map((o: { username: string }) => o.username));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(names).toContain("admin");
    expect(names).toContain(moderator.username);
    expect(names).toContain(own.username);
    expect(names).not.toContain(account.username);
    expect([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }))).toEqual(names);
    const read = await t.api("GET", `/api/v1/operators/${own.id}`);
    expect(read.body).toMatchObject({ directPermissions: ["settings:read"], permissions: ["settings:read"], roles: [] });
    expectProblem(await t.api("GET", `/api/v1/operators/${account.id}`), 404);
  });

  it("operators:read alone lists operators, and is refused the accounts", async () => {
    const token = await apiKeyWith(t, ["operators:read"]);
    expect((await t.api("GET", "/api/v1/operators", { token })).status).toBe(200);
    expectProblem(await t.api("GET", "/api/v1/users", { token }), 403);
    const accountsOnly = await apiKeyWith(t, ["users:read"]);
    expectProblem(await t.api("GET", "/api/v1/operators", { token: accountsOnly }), 403);
  });

  it("an operator's own permissions are what they act with, and never beyond their maker's", async () => {
    const maker = await makeOperator(["operators:create", "users:read", "settings:read"]);
    const token = await loginAs(t, maker.username, "operator-password");
    const made = await t.api("POST", "/api/v1/operators", { token, body: { username: fresh("made"), password: "made-password", permissions: ["users:read"] } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const before = await writeCounts(t);
    const wider = await t.api("POST", "/api/v1/operators", { token, body: { username: fresh("wider"), password: "wider-password", permissions: ["users:delete"] } });
    expectProblem(wider, 403);
    expect(wider.body.reason).toBe("permission_not_held");
    expectProblem(await t.api("POST", "/api/v1/operators", { token, body: { username: fresh("odd"), permissions: ["users:fly"] } }), 422);
    expectProblem(await t.api("POST", "/api/v1/operators", { token, body: { username: fresh("none"), permissions: [] } }), 400);
    expect(await writeCounts(t)).toEqual(before);
    const madeToken = await loginAs(t, made.body.username, "made-password");
    expect((await t.api("GET", "/api/v1/users", { token: madeToken })).status).toBe(200);
    expectProblem(await t.api("GET", "/api/v1/settings", { token: madeToken }), 403);
  });

  it("setting a user's own permissions takes effect at once, keeps their roles, and follows the rank rule", async () => {
    const user = await createUser(t, { username: fresh("promoted"), password: "promoted-password", roles: ["moderator"] });
    const token = await loginAs(t, user.username, "promoted-password");
    expectProblem(await t.api("GET", "/api/v1/settings", { token }), 403);
    const set = await t.api("PUT", `/api/v1/users/${user.id}/permissions`, { body: { permissions: ["settings:read"] } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.roles).toEqual(["moderator"]);
    expect(set.body.permissions).toContain("settings:read");
    expect((await t.api("GET", "/api/v1/settings", { token })).status).toBe(200);
    const events = (await t.api("GET", `/api/v1/audit-events?targetId=${user.id}&action=user.permissions.set`)).body.data;
    expect(events).toHaveLength(1);

    // A holder of users:manage-roles who lacks what the target holds may not touch them.
    const manager = await makeOperator(["users:manage-roles", "users:read"]);
    const managerToken = await loginAs(t, manager.username, "operator-password");
    const refused = await t.api("PUT", `/api/v1/users/${user.id}/permissions`, { token: managerToken, body: { permissions: [] } });
    expectProblem(refused, 403);
    expect(refused.body.reason).toBe("target_outranks_caller");
  });

  it("deleting or resetting an operator needs the operators' permission; an account the users' one", async () => {
    const target = await makeOperator(["users:read"]);
    const account = await createUser(t, { username: fresh("plain") });
    const accountsPower = await apiKeyWith(t, ["users:delete", "users:update", "users:read"]);
    const before = await writeCounts(t);
    const del = await t.api("DELETE", `/api/v1/users/${target.id}`, { token: accountsPower });
    expectProblem(del, 403);
    expect(del.body.reason).toBe("missing_permission");
    expectProblem(await t.api("POST", `/api/v1/users/${target.id}/password/reset`, { token: accountsPower }), 403);
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("DELETE", `/api/v1/users/${account.id}`, { token: accountsPower })).status).toBe(204);
    const operatorsPower = await apiKeyWith(t, ["users:delete", "users:update", "users:read", "operators:delete", "operators:reset-password"]);
    expect((await t.api("POST", `/api/v1/users/${target.id}/password/reset`, { token: operatorsPower })).status).toBe(200);
    expect((await t.api("DELETE", `/api/v1/users/${target.id}`, { token: operatorsPower })).status).toBe(204);
  });
});
