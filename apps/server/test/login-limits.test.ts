import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, expectProblem, startTestServer, type ApiResponse, type TestServer } from "./harness.ts";

// Findings 4, 5 and 14 of issue 6. The policy (README, "Sign-in limits"):
// failures count per (account, address) and per address, and reserving an
// attempt comes before checking the password; past the per-account limit,
// attempts from everywhere are slowed down, never refused.
// Addresses are set with X-Forwarded-For, which the server believes from
// loopback (STEWARD_TRUST_PROXY's default), as from a proxy in front of it.
const LIMIT = 3;
const MAX_DELAY_SECONDS = 1;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ STEWARD_LOGIN_RATE_LIMIT: String(LIMIT), STEWARD_LOGIN_MAX_DELAY: String(MAX_DELAY_SECONDS) });
});
afterAll(() => t?.close());

let n = 0;
async function account(): Promise<{ username: string; email: string; password: string }> {
  n += 1;
  const fields = { username: `signer-${n}`, email: `signer-${n}@example.org`, password: `right-password-${n}` };
  await createUser(t, fields);
  return fields;
}

function signIn(server: TestServer, username: string, password: string, from: string): Promise<ApiResponse> {
  return server.api("POST", "/api/v1/auth/login", { token: null, body: { username, password }, headers: { "x-forwarded-for": from } });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe("the attempt is reserved before the password is checked", () => {
  it("100 parallel wrong passwords for one account from one address: exactly the limit is checked (several rounds)", async () => {
    const server = await startTestServer();
    try {
      for (let round = 0; round < 5; round++) {
        await createUser(server, { username: `parallel-${round}`, password: "the-right-password" });
        const answers = await Promise.all(
          Array.from({ length: 100 }, (_, i) => signIn(server, `parallel-${round}`, `wrong-${i}`, `192.0.2.${10 + round}`)),
        );
        const statuses = answers.map((a) => a.status);
        expect(statuses.filter((s) => s === 401), `round ${round}`).toHaveLength(10);
        expect(statuses.filter((s) => s === 429), `round ${round}`).toHaveLength(90);
      }
    } finally {
      await server.close();
    }
  }, 120_000);

  it("username and email are one account, not two buckets", async () => {
    const a = await account();
    expectProblem(await signIn(t, a.username, "wrong-1", "192.0.2.20"), 401);
    expectProblem(await signIn(t, a.email, "wrong-2", "192.0.2.20"), 401);
    expectProblem(await signIn(t, a.username.toUpperCase(), "wrong-3", "192.0.2.20"), 401);
    const refused = await signIn(t, a.email, a.password, "192.0.2.20");
    expectProblem(refused, 429, "rate_limit_exceeded");
  });
});

describe("failures cannot lock the real user out", () => {
  it("after the limit of failures from one address, that address is refused, another with the right password gets in", async () => {
    const a = await account();
    for (let i = 0; i < LIMIT; i++) expectProblem(await signIn(t, a.username, `wrong-${i}`, "198.51.100.1"), 401);
    expectProblem(await signIn(t, a.username, a.password, "198.51.100.1"), 429, "rate_limit_exceeded");
    const elsewhere = await signIn(t, a.username, a.password, "198.51.100.2");
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
  });

  it("failures from many addresses slow the account down, with a growing delay up to the maximum, and never refuse", async () => {
    const a = await account();
    // The limit of failures spread over addresses, none of them at its own limit.
    for (let i = 0; i < LIMIT; i++) expectProblem(await signIn(t, a.username, `wrong-${i}`, `203.0.113.${i + 1}`), 401);
    const first = await timed(() => signIn(t, a.username, "wrong-again", "203.0.113.50"));
    expectProblem(first.value, 401);
    expect(first.ms).toBeGreaterThanOrEqual(250);
    const second = await timed(() => signIn(t, a.username, "wrong-again", "203.0.113.51"));
    expectProblem(second.value, 401);
    expect(second.ms).toBeGreaterThanOrEqual(500);
    const third = await timed(() => signIn(t, a.username, "wrong-again", "203.0.113.52"));
    expect(third.ms).toBeGreaterThanOrEqual(MAX_DELAY_SECONDS * 1000);
    const right = await timed(() => signIn(t, a.username, a.password, "203.0.113.99"));
    expect(right.value.status, JSON.stringify(right.value.body)).toBe(200);
    expect(right.ms).toBeGreaterThanOrEqual(MAX_DELAY_SECONDS * 1000);
  });

  it("an address failing across many accounts is refused for every account", async () => {
    const a = await account();
    for (let i = 0; i < 5 * LIMIT; i++) expectProblem(await signIn(t, `nobody-${i}`, "wrong", "198.51.100.77"), 401);
    expectProblem(await signIn(t, a.username, a.password, "198.51.100.77"), 429, "rate_limit_exceeded");
    expect((await signIn(t, a.username, a.password, "198.51.100.78")).status).toBe(200);
  });

  it("a successful sign-in clears the address's failures for that account", async () => {
    const a = await account();
    for (let i = 0; i < LIMIT - 1; i++) expectProblem(await signIn(t, a.username, `wrong-${i}`, "198.51.100.90"), 401);
    expect((await signIn(t, a.username, a.password, "198.51.100.90")).status).toBe(200);
    for (let i = 0; i < LIMIT - 1; i++) expectProblem(await signIn(t, a.username, `wrong-${i}`, "198.51.100.90"), 401);
    expect((await signIn(t, a.username, a.password, "198.51.100.90")).status).toBe(200);
  });
});

describe("limit headers", () => {
  it("a 429 says when to retry (Retry-After) and states the policy (RateLimit, RateLimit-Policy)", async () => {
    const a = await account();
    for (let i = 0; i < LIMIT; i++) {
      const failed = await signIn(t, a.username, `wrong-${i}`, "198.51.100.120");
      const [, remaining, reset] = /^"login";r=(\d+);t=(\d+)$/.exec(failed.headers.get("ratelimit") ?? "") ?? [];
      expect(Number(remaining)).toBe(LIMIT - i - 1);
      expect(Number(reset)).toBeGreaterThan(0);
      expect(Number(reset)).toBeLessThanOrEqual(900);
    }
    const refused = await signIn(t, a.username, a.password, "198.51.100.120");
    expectProblem(refused, 429, "rate_limit_exceeded");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(refused.headers.get("ratelimit-policy")).toBe(`"login";q=${LIMIT};w=900`);
    expect(refused.headers.get("ratelimit")).toMatch(/^"login";r=0;t=\d+$/);
    expect(refused.body.reason).toBe("login_rate_limited");
  });
});
