import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL only: a client retries a POST before the first try answered,
// many times at once. The claim is one INSERT against a unique index, so
// exactly one request acts; each other one is answered the first answer
// (replayed) or 409 `idempotency_key_in_use` while it is still running.
const PARALLEL = 12;
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "8" });
});
afterAll(() => t?.close());

describe(`${PARALLEL} parallel POSTs with one Idempotency-Key`, () => {
  it("make one user; the rest replay its answer or are told to retry", async () => {
    const key = `race-${Date.now()}`;
    const body = { username: "raced-user", email: "raced@example.org", password: "raced-user-password" };
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => t.api("POST", "/api/v1/users", { body, headers: { "idempotency-key": key } })));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses.every((status) => status === 201 || status === 409), JSON.stringify(statuses)).toBe(true);
    const created = answers.filter((res) => res.status === 201);
    const first = created.filter((res) => res.headers.get("idempotent-replayed") === null);
    expect(first).toHaveLength(1);
    for (const res of created) expect(res.body.id).toBe(first[0]!.body.id);
    for (const res of answers.filter((r) => r.status === 409)) expect(res.body.reason).toBe("idempotency_key_in_use");
    const users = (await t.api("GET", "/api/v1/users?q=raced-user")).body.data;
    expect(users).toHaveLength(1);
    const retry = await t.api("POST", "/api/v1/users", { body, headers: { "idempotency-key": key } });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first[0]!.body.id);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
  });
});
