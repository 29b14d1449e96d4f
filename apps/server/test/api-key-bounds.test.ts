import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";

// Finding 2 of issue 6: a key's effective permissions are always the
// intersection of its own and its creator's current ones, and a key cannot
// mint a key that outlives or outranks it. The cache TTL is far longer than
// the test, so every change must take effect through invalidation.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ STEWARD_CREDENTIAL_CACHE_TTL: "300" });
});
afterAll(() => t?.close());

let n = 0;
/** A fresh admin (role `admin`), signed in. */
async function newAdmin(): Promise<{ id: string; token: string }> {
  n += 1;
  const user = await createUser(t, { username: `keymaker-${n}`, password: "keymaker-password", roles: ["admin"] });
  return { id: user.id, token: await loginAs(t, `keymaker-${n}`, "keymaker-password") };
}

async function mintKey(token: string, body: Record<string, unknown>) {
  return t.api("POST", "/api/v1/api-keys", { token, body: { name: "minted", ...body } });
}

describe("a key never outranks its creator", () => {
  it("a `*` key is cut down to the creator's permissions when the creator is demoted", async () => {
    const maker = await newAdmin();
    const key = (await mintKey(maker.token, { permissions: ["*"] })).body.key;
    expect((await t.api("POST", "/api/v1/users", { token: key, body: { username: "made-by-star-key" } })).status).toBe(201);
    expect((await t.api("PUT", `/api/v1/users/${maker.id}/roles/moderator`)).status).toBe(200);
    expect((await t.api("DELETE", `/api/v1/users/${maker.id}/roles/admin`)).status).toBe(200);
    const denied = await t.api("POST", "/api/v1/users", { token: key, body: { username: "after-demotion" } });
    expectProblem(denied, 403, "forbidden");
    // What the creator still holds (moderator) the key still does.
    expect((await t.api("GET", "/api/v1/users", { token: key })).status).toBe(200);
    const me = await t.api("GET", "/api/v1/auth/me", { token: key });
    expect(me.body.permissions).toEqual(["groups:read", "invites:manage", "invites:read", "roles:read", "users:read", "users:update"]);
  });

  it("a key stops working when its creator is deleted", async () => {
    const maker = await newAdmin();
    const key = (await mintKey(maker.token, { permissions: ["users:read"] })).body.key;
    expect((await t.api("GET", "/api/v1/users", { token: key })).status).toBe(200);
    expect((await t.api("DELETE", `/api/v1/users/${maker.id}`)).status).toBe(204);
    expectProblem(await t.api("GET", "/api/v1/users", { token: key }), 401, "unauthorized");
  });

  it("a key stops working while its creator is deactivated, and works again once reactivated", async () => {
    const maker = await newAdmin();
    const key = (await mintKey(maker.token, { permissions: ["users:read"] })).body.key;
    expect((await t.api("GET", "/api/v1/users", { token: key })).status).toBe(200);
    expect((await t.api("POST", `/api/v1/users/${maker.id}/deactivate`)).status).toBe(200);
    expectProblem(await t.api("GET", "/api/v1/users", { token: key }), 401, "unauthorized");
    expect((await t.api("POST", `/api/v1/users/${maker.id}/activate`)).status).toBe(200);
    expect((await t.api("GET", "/api/v1/users", { token: key })).status).toBe(200);
  });
});

describe("a key cannot mint a key that outlives or outranks it", () => {
  it("an expiring key cannot mint a key that never expires, or expires later", async () => {
    const maker = await newAdmin();
    const parentExpiry = new Date(Date.now() + 3600_000);
    const parent = (await mintKey(maker.token, { permissions: ["api-keys:create", "users:read"], expiresAt: parentExpiry.toISOString() })).body.key;
    const before = await writeCounts(t);
    const forever = await mintKey(parent, { permissions: ["users:read"] });
    expectProblem(forever, 403, "forbidden");
    expect(forever.body.reason).toBe("key_outlives_parent");
    const later = await mintKey(parent, { permissions: ["users:read"], expiresAt: new Date(parentExpiry.getTime() + 60_000).toISOString() });
    expectProblem(later, 403, "forbidden");
    expect(later.body.reason).toBe("key_outlives_parent");
    expect(await writeCounts(t)).toEqual(before);
    const within = await mintKey(parent, { permissions: ["users:read"], expiresAt: new Date(parentExpiry.getTime() - 60_000).toISOString() });
    expect(within.status).toBe(201);
    expect(within.body.createdBy.id).toBe(maker.id);
  });

  it("a key cannot mint a key with permissions it does not hold", async () => {
    const maker = await newAdmin();
    const parent = (await mintKey(maker.token, { permissions: ["api-keys:create", "users:read"] })).body.key;
    const res = await mintKey(parent, { permissions: ["users:delete"] });
    expectProblem(res, 403, "forbidden");
    expect(res.body.reason).toBe("permission_not_held");
    expectProblem(await mintKey(parent, { permissions: ["*"] }), 403, "forbidden");
  });

  it("a key minted by a key stops working when the key that minted it is revoked", async () => {
    const maker = await newAdmin();
    const parent = await mintKey(maker.token, { permissions: ["api-keys:create", "users:read"] });
    const child = await mintKey(parent.body.key, { permissions: ["users:read"] });
    expect(child.status).toBe(201);
    const grandchild = await mintKey(parent.body.key, { permissions: ["api-keys:create", "users:read"] });
    const great = await mintKey(grandchild.body.key, { permissions: ["users:read"] });
    expect(great.status).toBe(201);
    for (const k of [child, grandchild, great]) expect((await t.api("GET", "/api/v1/users", { token: k.body.key })).status).toBe(200);
    expect((await t.api("DELETE", `/api/v1/api-keys/${parent.body.id}`)).status).toBe(204);
    for (const k of [child, grandchild, great]) {
      expectProblem(await t.api("GET", "/api/v1/users", { token: k.body.key }), 401, "unauthorized");
      expect((await t.api("GET", `/api/v1/api-keys/${k.body.id}`)).body.revokedAt).not.toBeNull();
    }
  });
});
