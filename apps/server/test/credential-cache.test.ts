import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, type TestServer } from "./harness.ts";

// The server remembers who a token belongs to for STEWARD_CREDENTIAL_CACHE_TTL
// seconds. These tests use every token right before changing its access, so
// the answer is in the cache, and set a TTL far longer than the test: a
// change must take effect on the next request anyway.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ STEWARD_CREDENTIAL_CACHE_TTL: "300" });
});
afterAll(() => t?.close());

describe("credentials in use, changed", () => {
  it("a revoked role is refused on the next request", async () => {
    const user = await createUser(t, { username: "cache-mod", password: "cache-mod-password", roles: ["moderator"] });
    const token = await loginAs(t, "cache-mod", "cache-mod-password");
    expect((await t.api("GET", "/api/v1/users", { token })).status).toBe(200);
    expect((await t.api("DELETE", `/api/v1/users/${user.id}/roles/moderator`)).status).toBe(200);
    expectProblem(await t.api("GET", "/api/v1/users", { token }), 403, "forbidden");
  });

  it("a granted role is honoured on the next request", async () => {
    const user = await createUser(t, { username: "cache-new", password: "cache-new-password" });
    const token = await loginAs(t, "cache-new", "cache-new-password");
    expectProblem(await t.api("GET", "/api/v1/users", { token }), 403, "forbidden");
    expect((await t.api("PUT", `/api/v1/users/${user.id}/roles/moderator`)).status).toBe(200);
    expect((await t.api("GET", "/api/v1/users", { token })).status).toBe(200);
  });

  it("a deactivated user's session is refused on the next request", async () => {
    const user = await createUser(t, { username: "cache-leaver", password: "cache-leaver-password" });
    const token = await loginAs(t, "cache-leaver", "cache-leaver-password");
    expect((await t.api("GET", "/api/v1/auth/me", { token })).status).toBe(200);
    expect((await t.api("POST", `/api/v1/users/${user.id}/deactivate`)).status).toBe(200);
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token }), 401, "unauthorized");
  });

  it("a deleted user's session is refused on the next request", async () => {
    const user = await createUser(t, { username: "cache-gone", password: "cache-gone-password" });
    const token = await loginAs(t, "cache-gone", "cache-gone-password");
    expect((await t.api("GET", "/api/v1/auth/me", { token })).status).toBe(200);
    expect((await t.api("DELETE", `/api/v1/users/${user.id}`)).status).toBe(204);
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token }), 401, "unauthorized");
  });

  it("a password change ends sessions that were just used", async () => {
    const user = await createUser(t, { username: "cache-rotate", password: "cache-rotate-password" });
    const token = await loginAs(t, "cache-rotate", "cache-rotate-password");
    expect((await t.api("GET", "/api/v1/auth/me", { token })).status).toBe(200);
    expect((await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { password: "another-password-1" } })).status).toBe(200);
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token }), 401, "unauthorized");
  });

  it("a revoked API key is refused on the next request", async () => {
    const key = await apiKeyWith(t, ["users:read"]);
    expect((await t.api("GET", "/api/v1/users", { token: key })).status).toBe(200);
    const keys = await t.api("GET", "/api/v1/api-keys");
    const id = keys.body.data.find((k: { prefix: string }) => key.startsWith(k.prefix)).id;
    expect((await t.api("DELETE", `/api/v1/api-keys/${id}`)).status).toBe(204);
    expectProblem(await t.api("GET", "/api/v1/users", { token: key }), 401, "unauthorized");
  });

  it("a signed-out session is refused on the next request", async () => {
    await createUser(t, { username: "cache-out", password: "cache-out-password" });
    const token = await loginAs(t, "cache-out", "cache-out-password");
    expect((await t.api("GET", "/api/v1/auth/me", { token })).status).toBe(200);
    expect((await t.api("POST", "/api/v1/auth/logout", { token })).status).toBe(204);
    expectProblem(await t.api("GET", "/api/v1/auth/me", { token }), 401, "unauthorized");
  });
});
