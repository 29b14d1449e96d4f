import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, loadConfig } from "../src/index.ts";
import { createUser, expectProblem, startTestServer, type TestServer } from "./harness.ts";
import { expectPterodactylError, expectProsodyError } from "./support/contract-check.ts";

// What clients expect of any HTTP API, on every surface: compression,
// CORS for listed origins, 405 with Allow, OPTIONS, Link to the next page,
// and a W3C traceparent carried into the request log.
const ORIGIN = "https://app.example.org";
let t: TestServer;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const log = createLogger("info", {}, { sink: (line) => lines.push(JSON.parse(line)) });
  t = await startTestServer({ STEWARD_CORS_ORIGINS: `${ORIGIN}, https://other.example.org`, STEWARD_CORS_CREDENTIALS: "on" }, { log });
  for (const name of ["manners-a", "manners-b", "manners-c"]) await createUser(t, { username: name, password: `${name}-password` });
});
afterAll(() => t?.close());

/** A raw request (fetch would undo the compression this checks). */
function raw(path: string, headers: Record<string, string>, method = "GET"): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}${path}`, { method, headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, bytes }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("compression", () => {
  it("answers worth compressing go as br or gzip, as the client accepts; small ones as they are", async () => {
    const auth = { authorization: `Bearer ${t.adminToken}` };
    const plain = await raw("/api/v1/openapi.json", { ...auth, "accept-encoding": "identity" });
    const br = await raw("/api/v1/openapi.json", { ...auth, "accept-encoding": "br, gzip" });
    const gzip = await raw("/api/v1/openapi.json", { ...auth, "accept-encoding": "gzip" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(br.bytes).toBeLessThan(plain.bytes / 4);
    expect(gzip.bytes).toBeLessThan(plain.bytes / 4);
    const small = await raw("/healthz", { "accept-encoding": "gzip" });
    expect(small.headers["content-encoding"]).toBeUndefined();
  });
});

describe("CORS", () => {
  it("is off unless origins are listed: no CORS header at all by default", async () => {
    const off = loadConfig({}).http;
    expect(off.corsOrigins).toEqual([]);
    expect(() => loadConfig({ STEWARD_CORS_ORIGINS: "*", STEWARD_CORS_CREDENTIALS: "on" })).toThrow(/STEWARD_CORS_CREDENTIALS/);
    expect(() => loadConfig({ STEWARD_CORS_ORIGINS: "https://a.example.org/path" })).toThrow(/STEWARD_CORS_ORIGINS/);
  });

  it("a listed origin's preflight is 204 with the methods and headers; its answers echo the origin, with credentials", async () => {
    const preflight = await t.api("OPTIONS", "/api/v1/users", {
      token: null,
      headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, idempotency-key" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization.*Idempotency-Key/);
    const answer = await t.api("GET", "/api/v1/users?limit=1", { headers: { origin: ORIGIN } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(answer.headers.get("vary")).toMatch(/Origin/);
    expect(answer.headers.get("access-control-expose-headers")).toMatch(/Link/);
  });

  it("another origin gets no CORS header (the browser's refusal), and its preflight is not answered as allowed", async () => {
    const answer = await t.api("GET", "/api/v1/users?limit=1", { headers: { origin: "https://evil.example.org" } });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await t.api("OPTIONS", "/api/v1/users", { token: null, headers: { origin: "https://evil.example.org", "access-control-request-method": "DELETE" } });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
  });
});

describe("methods", () => {
  it("a known path with a method it does not serve is 405 with Allow, in each surface's format; OPTIONS is 204 with Allow", async () => {
    const v1 = await t.api("PUT", "/api/v1/users", { body: {} });
    expectProblem(v1, 405, "method_not_allowed");
    expect(v1.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    const options = await t.api("OPTIONS", "/api/v1/users/00000000-0000-4000-8000-000000000000", { token: null });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, PATCH, DELETE, HEAD, OPTIONS");
    const prosody = await t.api("DELETE", "/admin_api/server/info");
    expectProsodyError(prosody, 405);
    expect(prosody.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const ptero = await t.api("PUT", "/api/application/users");
    expectPterodactylError(ptero, 405);
    // An unknown path is still the surface's 404.
    expectProblem(await t.api("PUT", "/api/v1/nothing-here"), 404);
  });
});

describe("Link", () => {
  it("a list with a next page links to it: following the links walks every page", async () => {
    const seen: string[] = [];
    let path: string | null = "/api/v1/users?limit=1&sort=username";
    for (let pages = 0; path && pages < 50; pages++) {
      const res = await t.api("GET", path);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((user: { username: string }) => user.username));
      const link = res.headers.get("link");
      if (res.body.nextCursor === null) expect(link).toBeNull();
      path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(["manners-a", "manners-b", "manners-c"]));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe("traceparent", () => {
  it("a W3C traceparent is logged with the request id; a malformed one is ignored", async () => {
    const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await t.api("GET", "/api/v1/users?limit=1", { headers: { traceparent: `00-${trace}-00f067aa0ba902b7-01` } });
    const bad = await t.api("GET", "/api/v1/users?limit=1", { headers: { traceparent: "00-zzzz-00f067aa0ba902b7-01" } });
    await expect.poll(() => lines.find((line) => line.requestId === bad.headers.get("x-request-id"))).toBeTruthy();
    const logged = lines.find((line) => line.msg === "request" && line.requestId === res.headers.get("x-request-id"));
    expect(logged).toMatchObject({ traceId: trace, parentSpanId: "00f067aa0ba902b7", status: 200 });
    expect(lines.find((line) => line.requestId === bad.headers.get("x-request-id"))).not.toHaveProperty("traceId");
  });
});

describe("Idempotency-Key", () => {
  it("a retried POST is answered the first answer again, without acting twice; the secret it showed too", async () => {
    const key = `key-${Date.now()}`;
    const body = { name: "idempotent key", permissions: ["users:read"] };
    const first = await t.api("POST", "/api/v1/api-keys", { body, headers: { "idempotency-key": key } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await t.api("POST", "/api/v1/api-keys", { body, headers: { "idempotency-key": key } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const keys = (await t.api("GET", "/api/v1/api-keys?limit=200")).body.data.filter((k: { name: string }) => k.name === "idempotent key");
    expect(keys).toHaveLength(1);
    // The stored answer is sealed: the secret is nowhere in clear.
    const rows = await t.server.db.prisma.$queryRawUnsafe<{ sealed_answer: string }[]>("SELECT sealed_answer FROM idempotency_records");
    expect(JSON.stringify(rows)).not.toContain(first.body.key);
  });

  it("the same key with another body is 422, and a failure is replayed as it was (a 4xx is an answer)", async () => {
    const key = `key-other-${Date.now()}`;
    const refused = await t.api("POST", "/api/v1/users", { body: { username: "bad name!" }, headers: { "idempotency-key": key } });
    expectProblem(refused, 400);
    const replayed = await t.api("POST", "/api/v1/users", { body: { username: "bad name!" }, headers: { "idempotency-key": key } });
    expect(replayed.status).toBe(400);
    expect(replayed.body).toEqual(refused.body);
    expect(replayed.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const reused = await t.api("POST", "/api/v1/users", { body: { username: "good-name" }, headers: { "idempotency-key": key } });
    expectProblem(reused, 422);
    expect(reused.body.reason).toBe("idempotency_key_reused");
    expectProblem(await t.api("POST", "/api/v1/users", { body: { username: "x" }, headers: { "idempotency-key": "bad key with spaces" } }), 400);
  });

  it("keys are the caller's own: another caller's same key acts anew; an anonymous caller's key is ignored", async () => {
    const key = `key-shared-${Date.now()}`;
    const other = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "manners-a", password: "manners-a-password" } });
    const mine = await t.api("POST", "/api/v1/me/channels", { token: other.body.token, body: { name: "one" }, headers: { "idempotency-key": key } });
    expect(mine.status).toBe(201);
    const admins = await t.api("POST", "/api/v1/me/channels", { body: { name: "one" }, headers: { "idempotency-key": key } });
    expect(admins.status).toBe(201);
    expect(admins.body.id).not.toBe(mine.body.id);
    const login = () => t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "manners-b", password: "manners-b-password" }, headers: { "idempotency-key": key } });
    const [a, b] = [await login(), await login()];
    expect(a.body.token).not.toBe(b.body.token);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
  });
});
