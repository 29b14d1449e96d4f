import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, expectProblem, startTestServer, type TestServer } from "./harness.ts";

// /metrics, when switched on: Prometheus text for a token holding
// metrics:read, with requests by surface and route pattern, sign-in
// refusals by reason, the mail outbox's depth and the process's own.
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ STEWARD_METRICS: "on" });
});
afterAll(() => t?.close());

describe("/metrics", () => {
  it("needs a token holding metrics:read: 401 without one, 403 with one lacking it", async () => {
    expectProblem(await t.api("GET", "/metrics", { token: null }), 401);
    expectProblem(await t.api("GET", "/metrics", { token: await apiKeyWith(t, ["users:read"]) }), 403);
  });

  it("counts requests by surface, method, route pattern and status, and sign-in refusals by reason", async () => {
    const user = await createUser(t, { username: "metered", password: "metered-password" });
    await t.api("GET", `/api/v1/users/${user.id}`);
    await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "metered", password: "wrong-password" } });
    await t.api("GET", "/admin_api/server/info");
    await t.api("GET", "/api/v1/no-such-thing");
    const scraper = await apiKeyWith(t, ["metrics:read"]);
    const res = await t.api("GET", "/metrics", { token: scraper });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body as string;
    expect(text).toMatch(/steward_http_requests_total\{surface="v1",method="GET",route="\/api\/v1\/users\/:id",status="200"\} 1/);
    expect(text).toMatch(/steward_http_requests_total\{surface="prosody",method="GET",route="\/admin_api\/server\/info",status="200"\} 1/);
    expect(text).toMatch(/steward_http_requests_total\{surface="v1",method="GET",route="unmatched",status="404"\} 1/);
    expect(text).toMatch(/steward_http_request_duration_seconds_bucket\{le="0.5",surface="v1",method="GET",route="\/api\/v1\/users\/:id"\} 1/);
    expect(text).toMatch(/steward_sign_in_refusals_total\{surface="v1",reason="bad_credentials"\} 1/);
    expect(text).toMatch(/steward_mail_outbox_messages\{status="pending"\} \d+/);
    expect(text).toMatch(/steward_process_resident_memory_bytes \d+/);
    // The pool on PostgreSQL (the harness sizes it 4); the embedded database has none.
    if (process.env.TEST_DATABASE_URL) expect(text).toMatch(/steward_db_pool_connections\{state="max"\} 4/);
    else expect(text).not.toMatch(/steward_db_pool_connections\{/);
    // No concrete id in any label.
    expect(text).not.toContain(user.id);
  });

  it("is not there unless STEWARD_METRICS=on", async () => {
    const off = await startTestServer();
    try {
      expectProblem(await off.api("GET", "/metrics"), 404);
    } finally {
      await off.close();
    }
  });
});
