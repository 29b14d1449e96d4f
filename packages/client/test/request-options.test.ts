/**
 * Per-call options (signal, timeout, retry, idempotencyKey), the client's
 * timeout and retry policy, and typed reasons. The transport's behaviour is
 * checked against a small local HTTP server (node:http) whose answers each
 * test scripts, and that records what it received; then against a real
 * Steward server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { ERROR_REASONS, StewardClient, StewardError, StewardTimeoutError, type ErrorReason } from "../src/index.js";
import { serverWithAdmin, stewardError } from "./support.js";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}
type Script = (request: Received, res: ServerResponse, index: number) => void;

let local: Server;
let localUrl: string;
let received: Received[] = [];
let script: Script = (_request, res) => json(res, 200, {});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function problem(status: number, code: string, reason: string) {
  return { type: `https://steward.dev/problems/${code}`, title: code, status, code, detail: `${code}: ${reason}`, reason, requestId: "req-1" };
}

/** Answers `first` to the next `times` requests, then 200 `{ ok: true }`. */
function failThenSucceed(times: number, first: (res: ServerResponse) => void): Script {
  let answered = 0;
  return (_request, res) => (answered++ < times ? first(res) : json(res, 200, { ok: true }));
}

const unavailable = (headers: Record<string, string> = {}) => (res: ServerResponse) =>
  json(res, 503, problem(503, "service_unavailable", "database_busy"), headers);

beforeAll(async () => {
  local = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body, at: Date.now() };
      received.push(request);
      // No connection is kept for a next request: each test closes what it left hanging.
      res.setHeader("connection", "close");
      script(request, res, received.length - 1);
    });
  });
  await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
  localUrl = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
});

/** Answers a test left unfinished (timeouts, aborts): their connections are closed after it. */
let unfinished: ServerResponse[] = [];

afterEach(() => {
  received = [];
  script = (_request, res) => json(res, 200, {});
  // Only these: the client may hold a fresh idle connection it is about to use.
  for (const res of unfinished) res.destroy();
  unfinished = [];
});

afterAll(async () => {
  local.closeAllConnections();
  await new Promise((resolve) => local.close(resolve));
});

const client = (options: Partial<ConstructorParameters<typeof StewardClient>[0]> = {}) =>
  new StewardClient({ baseUrl: localUrl, token: "sts_test", ...options });

/** Never answers (until the test ends). */
const hang: Script = (_request, res) => {
  unfinished.push(res);
};

/** How long a promise takes to settle, and how. */
async function timed<T>(promise: Promise<T>): Promise<{ ms: number; error: unknown; value: T | undefined }> {
  const start = Date.now();
  try {
    const value = await promise;
    return { ms: Date.now() - start, error: undefined, value };
  } catch (error) {
    return { ms: Date.now() - start, error, value: undefined };
  }
}

describe("idempotencyKey", () => {
  it("sends Idempotency-Key with a POST given one, and none otherwise", async () => {
    const steward = client();
    await steward.users.create({ username: "ada" }, { idempotencyKey: "create-ada-1" });
    await steward.users.create({ username: "bob" });
    expect(received.map((r) => [r.method, r.url, r.headers["idempotency-key"]])).toEqual([
      ["POST", "/api/v1/users", "create-ada-1"],
      ["POST", "/api/v1/users", undefined],
    ]);
    expect(JSON.parse(received[0]!.body)).toEqual({ username: "ada" });
    expect(received[0]!.headers.authorization).toBe("Bearer sts_test");
  });
});

describe("retries", () => {
  it("are off by default: a 503 is thrown at once", async () => {
    script = failThenSucceed(1, unavailable({ "retry-after": "0" }));
    const error = await stewardError(() => client().users.get("u1"));
    expect(error).toMatchObject({ status: 503, code: "service_unavailable", reason: "database_busy", retryAfterSeconds: 0 });
    expect(received).toHaveLength(1);
  });

  it("retry a GET after a 503, waiting the Retry-After seconds", async () => {
    script = failThenSucceed(1, unavailable({ "retry-after": "1" }));
    const { value, ms } = await timed(client({ retry: { retries: 2 } }).users.get("u1"));
    expect(value).toEqual({ ok: true });
    expect(received).toHaveLength(2);
    expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(5_000);
  });

  it("retry after a 429 whose Retry-After is an HTTP date", async () => {
    // HTTP dates have whole seconds: this one is 1 to 2 s away.
    const at = new Date(Date.now() + 2_000).toUTCString();
    script = failThenSucceed(1, (res) => json(res, 429, problem(429, "rate_limit_exceeded", "login_rate_limited"), { "retry-after": at }));
    const { value } = await timed(client({ retry: true }).users.list());
    expect(value).toEqual({ ok: true });
    expect(received).toHaveLength(2);
    const waited = received[1]!.at - received[0]!.at;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(2_500);
  });

  it("back off without a Retry-After, at most maxDelayMs each time", async () => {
    script = failThenSucceed(2, unavailable());
    const { value, ms } = await timed(client({ retry: { retries: 2, maxDelayMs: 40 } }).users.get("u1"));
    expect(value).toEqual({ ok: true });
    expect(received).toHaveLength(3);
    expect(ms).toBeLessThan(1_000);
  });

  it("give up after `retries` more attempts, throwing the last answer", async () => {
    script = failThenSucceed(10, unavailable({ "retry-after": "0" }));
    const error = await stewardError(() => client({ retry: { retries: 2 } }).users.get("u1"));
    expect(error.status).toBe(503);
    expect(received).toHaveLength(3);
  });

  it("do not wait longer than maxDelayMs: a longer Retry-After is thrown at once", async () => {
    script = failThenSucceed(10, (res) => json(res, 429, problem(429, "rate_limit_exceeded", "login_rate_limited"), { "retry-after": "60" }));
    const { error, ms } = await timed(client({ retry: { retries: 2, maxDelayMs: 10_000 } }).users.list());
    expect(error).toBeInstanceOf(StewardError);
    expect(error).toMatchObject({ status: 429, reason: "login_rate_limited", retryAfterSeconds: 60 });
    expect(received).toHaveLength(1);
    expect(ms).toBeLessThan(1_000);
  });

  it("retry PUT and DELETE, never a PATCH, and a POST only with an idempotency key (sent again each time)", async () => {
    const steward = client({ retry: { retries: 1, maxDelayMs: 100 } });
    const fails = () => (script = failThenSucceed(1, unavailable({ "retry-after": "0" })));

    fails();
    await steward.users.addRole("u1", "moderator");
    fails();
    await steward.users.delete("u1");
    expect(received.map((r) => r.method)).toEqual(["PUT", "PUT", "DELETE", "DELETE"]);

    received = [];
    fails();
    expect((await stewardError(() => steward.users.update("u1", { displayName: "x" }))).status).toBe(503);
    fails();
    expect((await stewardError(() => steward.users.create({ username: "ada" }))).status).toBe(503);
    expect(received.map((r) => r.method)).toEqual(["PATCH", "POST"]);

    received = [];
    fails();
    expect(await steward.users.create({ username: "ada" }, { idempotencyKey: "k-42" })).toEqual({ ok: true });
    expect(received.map((r) => [r.method, r.headers["idempotency-key"], r.body])).toEqual([
      ["POST", "k-42", '{"username":"ada"}'],
      ["POST", "k-42", '{"username":"ada"}'],
    ]);
  });

  it("retry a POST with a key answered 409 idempotency_key_in_use (its first request still running), and no other 409", async () => {
    const inUse = (res: ServerResponse) => json(res, 409, problem(409, "conflict", "idempotency_key_in_use"), { "retry-after": "0" });
    script = failThenSucceed(1, inUse);
    expect(await client({ retry: true }).users.create({ username: "ada" }, { idempotencyKey: "k-7" })).toEqual({ ok: true });
    expect(received).toHaveLength(2);

    received = [];
    script = failThenSucceed(1, (res) => json(res, 409, problem(409, "conflict", "username_taken"), { "retry-after": "0" }));
    expect((await stewardError(() => client({ retry: true }).users.create({ username: "ada" }, { idempotencyKey: "k-8" }))).reason).toBe("username_taken");
    expect(received).toHaveLength(1);
  });

  it("can be turned off or on for one call", async () => {
    script = failThenSucceed(1, unavailable({ "retry-after": "0" }));
    expect((await stewardError(() => client({ retry: true }).users.get("u1", { retry: false }))).status).toBe(503);
    expect(received).toHaveLength(1);

    received = [];
    script = failThenSucceed(1, unavailable({ "retry-after": "0" }));
    expect(await client().users.get("u1", { retry: { retries: 1 } })).toEqual({ ok: true });
    expect(received).toHaveLength(2);
  });
});

describe("timeout", () => {
  it("aborts a request with no answer in time with a StewardTimeoutError", async () => {
    script = hang;
    const { error, ms } = await timed(client({ timeout: 200 }).users.get("u1"));
    expect(error).toBeInstanceOf(StewardTimeoutError);
    expect(error).toMatchObject({ name: "TimeoutError", timeoutMs: 200, method: "GET", url: `${localUrl}/api/v1/users/u1` });
    expect(error).not.toBeInstanceOf(StewardError);
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(2_000);
  });

  it("covers the answer's body too", async () => {
    script = (_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id":'); // and nothing more
      unfinished.push(res);
    };
    const { error } = await timed(client({ timeout: 200 }).users.get("u1"));
    expect(error).toBeInstanceOf(StewardTimeoutError);
  });

  it("can be set for one call, and does not fire for answers in time", async () => {
    script = hang;
    const { error, ms } = await timed(client().users.get("u1", { timeout: 100 }));
    expect(error).toMatchObject({ name: "TimeoutError", timeoutMs: 100 });
    expect(ms).toBeLessThan(2_000);

    script = (_request, res) => json(res, 200, { ok: true });
    expect(await client({ timeout: 2_000 }).users.get("u1")).toEqual({ ok: true });
  });

  it("applies to each attempt when retrying", async () => {
    script = (request, res, index) => (index === 0 ? unavailable({ "retry-after": "0" })(res) : hang(request, res, index));
    const { error } = await timed(client({ timeout: 300, retry: { retries: 1 } }).users.get("u1"));
    expect(error).toBeInstanceOf(StewardTimeoutError);
    expect(received).toHaveLength(2);
  });
});

describe("signal", () => {
  it("aborts a call in flight with the signal's reason", async () => {
    script = hang;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await timed(client({ timeout: 5_000 }).users.get("u1", { signal: controller.signal }));
    expect(error).toMatchObject({ name: "AbortError" });
    expect(error).not.toBeInstanceOf(StewardTimeoutError);
    expect(ms).toBeLessThan(2_000);

    const why = new Error("the user went away");
    const again = new AbortController();
    setTimeout(() => again.abort(why), 50);
    await expect(client().users.list({}, { signal: again.signal })).rejects.toBe(why);
  });

  it("sends nothing when already aborted", async () => {
    await expect(client().users.create({ username: "ada" }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    expect(received).toHaveLength(0);
  });

  it("stops the wait between retries", async () => {
    script = failThenSucceed(10, unavailable({ "retry-after": "5" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const { error, ms } = await timed(client({ retry: true }).users.get("u1", { signal: controller.signal }));
    expect(error).toMatchObject({ name: "AbortError" });
    expect(ms).toBeLessThan(2_000);
    expect(received).toHaveLength(1);
  });

  it("applies to every page an iterator fetches", async () => {
    script = (request, res) =>
      json(res, 200, request.url.includes("cursor=") ? { data: [{ id: "b" }], nextCursor: null } : { data: [{ id: "a" }], nextCursor: "next" });
    const controller = new AbortController();
    const seen: string[] = [];
    const walk = async () => {
      for await (const user of client().users.iterate({}, { signal: controller.signal })) {
        seen.push(user.id);
        controller.abort();
      }
    };
    await expect(walk()).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual(["a"]);
    expect(received).toHaveLength(1);
  });
});

describe("reason", () => {
  it("is typed from the contracts' reasons, and open to reasons a newer server adds", () => {
    expectTypeOf<StewardError["reason"]>().toEqualTypeOf<ErrorReason | (string & {}) | undefined>();
    expectTypeOf<"last_admin">().toExtend<ErrorReason>();
    // @ts-expect-error not a reason any server answers today
    const unknown: ErrorReason = "no_such_reason";
    const error = new StewardError(409, problem(409, "conflict", "a_future_reason"));
    // Both compile: a known reason, and one this SDK does not know yet.
    expect(error.reason === "last_admin").toBe(false);
    expect(error.reason === "a_future_reason").toBe(true);
    expect(unknown).toBe("no_such_reason");
    expect(ERROR_REASONS.last_admin).toMatch(/administrator/);
  });
});

describe("against Steward", () => {
  const t = serverWithAdmin({ username: "admin", password: "admin-password-1" });

  it("carries the server's reason on the error", async () => {
    const missing = await stewardError(() => t.admin.users.get("00000000-0000-4000-8000-000000000000"));
    expect(missing).toMatchObject({ status: 404, code: "not_found", reason: "user_not_found" });
    const self = await stewardError(async () => t.admin.users.deactivate((await t.admin.me()).user!.id));
    expect(self.reason).toBe("self_deactivation");
    expect(Object.hasOwn(ERROR_REASONS, self.reason!)).toBe(true);
  });

  it("takes signal, timeout, retry and idempotencyKey on real calls", async () => {
    const steward = new StewardClient({ baseUrl: t.server.url, timeout: 10_000, retry: true });
    await steward.login("admin", "admin-password-1");
    const user = await steward.users.create({ username: `opt-${Date.now().toString(36)}` }, { idempotencyKey: crypto.randomUUID() });
    expect((await steward.users.get(user.id, { signal: new AbortController().signal })).id).toBe(user.id);

    // A sign-in (argon2) never answers within a millisecond.
    const slow = await timed(new StewardClient({ baseUrl: t.server.url }).login("admin", "admin-password-1", undefined, { timeout: 1 }));
    expect(slow.error).toBeInstanceOf(StewardTimeoutError);

    const controller = new AbortController();
    const seen: string[] = [];
    const walk = async () => {
      // One user a page: there is a next page (the admin and this user), never fetched.
      for await (const found of steward.users.iterate({ limit: 1 }, { signal: controller.signal })) {
        seen.push(found.username);
        controller.abort();
      }
    };
    await expect(walk()).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toHaveLength(1);
    await steward.users.delete(user.id);
  });
});
