import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, startTestServer, type ApiResponse, type TestServer } from "./harness.ts";

/** Nothing may load, nothing may frame. */
const STRICT_CSP = { "default-src": "'none'", "frame-ancestors": "'none'" };
const ONE_YEAR = 365 * 24 * 3600;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** A Content-Security-Policy header as its directives. */
function csp(res: ApiResponse): Record<string, string> {
  const header = res.headers.get("content-security-policy");
  if (!header) return {};
  return Object.fromEntries(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(" ")]),
  );
}

/** What every answer carries, whatever it is. */
function expectBaseHeaders(res: ApiResponse): void {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get("x-powered-by")).toBeNull();
}

/** A JSON answer or problem: nothing may load, nothing may frame it, nothing may keep it. */
function expectPrivateDocumentHeaders(res: ApiResponse): void {
  expectBaseHeaders(res);
  expect(csp(res)).toEqual(STRICT_CSP);
  expect(res.headers.get("cache-control")).toBe("no-store");
}

describe("security headers", () => {
  it("a JSON answer is private, unframeable and loads nothing", async () => {
    const res = await t.api("GET", "/api/v1/users");
    expect(res.status).toBe(200);
    expectPrivateDocumentHeaders(res);
  });

  it("a problem answer carries the same headers", async () => {
    const res = await t.api("GET", "/api/v1/users", { token: null });
    expectProblem(res, 401);
    expectPrivateDocumentHeaders(res);
    const invalid = await t.api("POST", "/api/v1/users", { body: { username: 42 } });
    expectProblem(invalid, 400);
    expectPrivateDocumentHeaders(invalid);
  });

  it("a 404, inside and outside the API, carries the same headers", async () => {
    for (const path of ["/api/v1/nothing-here", "/nowhere"]) {
      const res = await t.api("GET", path, { token: null });
      expectProblem(res, 404, "not_found");
      expectPrivateDocumentHeaders(res);
    }
  });

  it("the docs page may load its own scripts, styles and images only, and cannot be framed", async () => {
    const res = await t.api("GET", "/api/v1/docs", { token: null });
    expect(res.status).toBe(200);
    expectBaseHeaders(res);
    expect(csp(res)).toEqual({
      "default-src": "'none'",
      "script-src": "'self'",
      "style-src": "'self'",
      "img-src": "'self' data:",
      "connect-src": "'self'",
      "base-uri": "'none'",
      "form-action": "'none'",
      "frame-ancestors": "'none'",
    });
    // The page itself holds nothing personal.
    expect(res.headers.get("cache-control")).not.toContain("no-store");
  });

  it("the OpenAPI document and the docs assets may be cached", async () => {
    const doc = await t.api("GET", "/api/v1/openapi.json", { token: null });
    expect(doc.status).toBe(200);
    expectBaseHeaders(doc);
    expect(csp(doc)).toEqual(STRICT_CSP);
    expect(doc.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    for (const asset of ["/api/v1/docs/init.js", "/api/v1/docs/assets/swagger-ui-bundle.js", "/api/v1/docs/assets/swagger-ui.css"]) {
      const res = await fetch(t.url + asset);
      await res.arrayBuffer();
      expect(res.status, asset).toBe(200);
      expect(res.headers.get("cache-control"), asset).toMatch(/^public, max-age=\d+$/);
      expect(res.headers.get("x-content-type-options"), asset).toBe("nosniff");
    }
  });

  it("HSTS is sent only on requests that came over HTTPS through a trusted proxy", async () => {
    const overHttps = await t.api("GET", "/api/v1/users", { headers: { "x-forwarded-proto": "https" } });
    expect(overHttps.headers.get("strict-transport-security")).toBe(`max-age=${ONE_YEAR}; includeSubDomains`);
    const problemOverHttps = await t.api("GET", "/nowhere", { token: null, headers: { "x-forwarded-proto": "https" } });
    expect(problemOverHttps.headers.get("strict-transport-security")).toBe(`max-age=${ONE_YEAR}; includeSubDomains`);
    const overHttp = await t.api("GET", "/api/v1/users", { headers: { "x-forwarded-proto": "http" } });
    expect(overHttp.headers.get("strict-transport-security")).toBeNull();
    const direct = await t.api("GET", "/api/v1/users");
    expect(direct.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("HSTS settings", () => {
  it("STEWARD_HSTS_MAX_AGE sets the max-age, and 0 turns HSTS off", async () => {
    const short = await startTestServer({ STEWARD_HSTS_MAX_AGE: "600" });
    const off = await startTestServer({ STEWARD_HSTS_MAX_AGE: "0" });
    try {
      const a = await short.api("GET", "/healthz", { token: null, headers: { "x-forwarded-proto": "https" } });
      expect(a.headers.get("strict-transport-security")).toBe("max-age=600; includeSubDomains");
      const b = await off.api("GET", "/healthz", { token: null, headers: { "x-forwarded-proto": "https" } });
      expect(b.headers.get("strict-transport-security")).toBeNull();
    } finally {
      await Promise.all([short.close(), off.close()]);
    }
  });

  it("X-Forwarded-Proto from a proxy that is not trusted does not count as HTTPS", async () => {
    const untrusting = await startTestServer({ STEWARD_TRUST_PROXY: "false" });
    try {
      const res = await untrusting.api("GET", "/healthz", { token: null, headers: { "x-forwarded-proto": "https" } });
      expect(res.headers.get("strict-transport-security")).toBeNull();
    } finally {
      await untrusting.close();
    }
  });
});
