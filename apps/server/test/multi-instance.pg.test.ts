import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEphemeralServer, type RunningServer } from "../src/index.ts";
import { eventually } from "./support/eventually.ts";
import { apiKeyWith, createUser, loginAs, startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL only (vitest.config.ts): two instances of Steward on one
// database, as a load-balanced deployment runs them. Access changed through
// one must be refused by the other at once, although the other cached the
// token with a TTL far longer than the test (the NOTIFY clears it).
let a: TestServer;
let b: RunningServer;
beforeAll(async () => {
  a = await startTestServer({ STEWARD_CREDENTIAL_CACHE_TTL: "300" });
  b = await startEphemeralServer({ DATABASE_URL: a.databaseUrl, DATABASE_POOL_SIZE: "2", STEWARD_CREDENTIAL_CACHE_TTL: "300" });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const onB = (path: string, token: string) => fetch(b.url + path, { headers: { authorization: `Bearer ${token}` } });

/** Notifications arrive asynchronously, within milliseconds: polled often, for at most 2 s. */
const NOTIFIED = { withinMs: 2000, intervalMs: 20 };

describe("two instances on one PostgreSQL", () => {
  it("an API key revoked on one is refused by the other", async () => {
    const key = await apiKeyWith(a, ["users:read"]);
    expect((await onB("/api/v1/users", key)).status).toBe(200);
    const id = (await a.api("GET", "/api/v1/api-keys")).body.data.find((k: { prefix: string }) => key.startsWith(k.prefix)).id;
    expect((await a.api("DELETE", `/api/v1/api-keys/${id}`)).status).toBe(204);
    await eventually("the revoked key refused on B", async () => (await onB("/api/v1/users", key)).status === 401, NOTIFIED);
  });

  it("a role revoked on one is refused by the other", async () => {
    const user = await createUser(a, { username: "twin-mod", password: "twin-mod-password", roles: ["moderator"] });
    const token = await loginAs(a, "twin-mod", "twin-mod-password");
    expect((await onB("/api/v1/users", token)).status).toBe(200);
    expect((await a.api("DELETE", `/api/v1/users/${user.id}/roles/moderator`)).status).toBe(200);
    await eventually("the revoked role refused on B", async () => (await onB("/api/v1/users", token)).status === 403, NOTIFIED);
  });

  it("a user deactivated on one is signed out on the other", async () => {
    const user = await createUser(a, { username: "twin-leaver", password: "twin-leaver-password" });
    const token = await loginAs(a, "twin-leaver", "twin-leaver-password");
    expect((await onB("/api/v1/auth/me", token)).status).toBe(200);
    expect((await a.api("POST", `/api/v1/users/${user.id}/deactivate`)).status).toBe(200);
    await eventually("the deactivated user signed out on B", async () => (await onB("/api/v1/auth/me", token)).status === 401, NOTIFIED);
  });
});
