import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";

// Finding 1 of issue 6: a moderator (users:update), or a key holding only
// users:update, could set an administrator's password and sign in as them.
// Nobody acts on an account that holds permissions the caller does not hold.
let t: TestServer;
let adminId: string;
let moderator: string;
let updateKey: string;
beforeAll(async () => {
  t = await startTestServer();
  adminId = (await t.api("GET", "/api/v1/auth/me")).body.user.id;
  await createUser(t, { username: "mod", password: "moderator-password", roles: ["moderator"] });
  moderator = await loginAs(t, "mod", "moderator-password");
  updateKey = await apiKeyWith(t, ["users:update"]);
});
afterAll(() => t?.close());

/** Asserts the write was refused because the target outranks the caller, and changed nothing. */
async function refusedForRank(method: string, path: string, token: string, body?: unknown) {
  const before = await writeCounts(t);
  const etag = (await t.api("GET", `/api/v1/users/${adminId}`)).headers.get("etag");
  const res = await t.api(method, path, { token, body });
  expectProblem(res, 403, "forbidden");
  expect(res.body.reason).toBe("target_outranks_caller");
  expect(res.body.detail).toMatch(/permissions you do not hold/);
  expect(await writeCounts(t)).toEqual(before);
  expect((await t.api("GET", `/api/v1/users/${adminId}`)).headers.get("etag")).toBe(etag);
}

describe("a moderator cannot take over an administrator", () => {
  it("cannot set the admin's password (and so cannot sign in as them)", async () => {
    await refusedForRank("PATCH", `/api/v1/users/${adminId}`, moderator, { password: "taken-over-password" });
    expectProblem(await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: ADMIN.username, password: "taken-over-password" } }), 401);
    expect(await loginAs(t, ADMIN.username, ADMIN.password)).toMatch(/^sts_/);
  });

  it("cannot change the admin's email", async () => {
    await refusedForRank("PATCH", `/api/v1/users/${adminId}`, moderator, { email: "attacker@example.org" });
  });

  it("cannot deactivate the admin", async () => {
    await refusedForRank("POST", `/api/v1/users/${adminId}/deactivate`, moderator);
  });

  it("cannot change the admin's tags or profile", async () => {
    await refusedForRank("POST", `/api/v1/users/${adminId}/tags`, moderator, { tags: ["owned"] });
    await refusedForRank("PATCH", `/api/v1/users/${adminId}`, moderator, { displayName: "Not the admin" });
  });

  it("can still read the admin", async () => {
    expect((await t.api("GET", `/api/v1/users/${adminId}`, { token: moderator })).status).toBe(200);
  });

  it("can still act on an account below it", async () => {
    const plain = await createUser(t, { username: "plain", password: "plain-password-1" });
    const res = await t.api("PATCH", `/api/v1/users/${plain.id}`, { token: moderator, body: { password: "reset-by-mod-1" } });
    expect(res.status).toBe(200);
    expect(await loginAs(t, "plain", "reset-by-mod-1")).toMatch(/^sts_/);
  });

  it("can act on another moderator: it holds all their permissions", async () => {
    const peer = await createUser(t, { username: "peer-mod", roles: ["moderator"] });
    expect((await t.api("PATCH", `/api/v1/users/${peer.id}`, { token: moderator, body: { displayName: "Peer" } })).status).toBe(200);
  });
});

describe("an API key holding only users:update cannot take over an administrator", () => {
  it("cannot set the admin's password", async () => {
    await refusedForRank("PATCH", `/api/v1/users/${adminId}`, updateKey, { password: "taken-over-password" });
  });

  it("cannot deactivate the admin, even though its creator could", async () => {
    await refusedForRank("POST", `/api/v1/users/${adminId}/deactivate`, updateKey);
  });
});

describe("an administrator acts on everyone", () => {
  it("edits a moderator", async () => {
    const other = await createUser(t, { username: "mod-2", roles: ["moderator"] });
    expect((await t.api("PATCH", `/api/v1/users/${other.id}`, { body: { email: "mod2@example.org" } })).status).toBe(200);
  });
});

// Issue 8: an operator cannot take away their own administration, on any
// surface (removeUserRole refuses it); another administrator can.
describe("an administrator cannot revoke their own admin role", () => {
  let second: { id: string; token: string };
  beforeAll(async () => {
    second = { id: (await createUser(t, { username: "admin-2", password: "second-admin-password", roles: ["admin"] })).id, token: "" };
    second.token = await loginAs(t, "admin-2", "second-admin-password");
  });

  /** Asserts a self-revoke was refused as such and changed nothing. */
  async function refusedAsSelf(id: string, token: string) {
    const before = await writeCounts(t);
    const etag = (await t.api("GET", `/api/v1/users/${id}`)).headers.get("etag");
    const res = await t.api("DELETE", `/api/v1/users/${id}/roles/admin`, { token });
    expectProblem(res, 403, "forbidden");
    expect(res.body.reason).toBe("self_admin_revoke");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", `/api/v1/users/${id}`)).headers.get("etag")).toBe(etag);
    expect((await t.api("GET", `/api/v1/users/${id}`)).body.roles).toContain("admin");
  }

  it("is refused with a session, although another administrator remains (not a last-admin case)", async () => {
    await refusedAsSelf(adminId, t.adminToken);
    await refusedAsSelf(second.id, second.token);
  });

  it("is refused with a key, which acts for its creator", async () => {
    await refusedAsSelf(adminId, await apiKeyWith(t, ["*"]));
  });

  it("another administrator may revoke it, and the last-admin rule still holds", async () => {
    const revoked = await t.api("DELETE", `/api/v1/users/${second.id}/roles/admin`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.roles).not.toContain("admin");
    const event = await t.server.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.role.revoke", targetId: second.id } });
    expect(event.after).toMatchObject({ revoked: "admin" });
    // The bootstrap administrator is now the last one: their own revoke is still refused as such.
    await refusedAsSelf(adminId, t.adminToken);
    // A moderator revoking it is refused for rank, not as a self-revoke.
    const mod = await t.api("DELETE", `/api/v1/users/${adminId}/roles/admin`, { token: moderator });
    expectProblem(mod, 403, "forbidden");
    expect(mod.body.reason).not.toBe("self_admin_revoke");
  });
});
