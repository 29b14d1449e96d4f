import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, startTestServer, type TestServer } from "./harness.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe("health", () => {
  it("GET /healthz and /readyz answer ok when the database is reachable", async () => {
    expect((await t.api("GET", "/healthz", { token: null })).body).toEqual({ status: "ok" });
    expect((await t.api("GET", "/readyz", { token: null })).body).toEqual({ status: "ready" });
  });
});

describe("request ids", () => {
  it("answers an X-Request-Id, keeps a sane incoming one, and puts it in problems", async () => {
    const res = await t.api("GET", "/api/v1/users/lookup", { headers: { "x-request-id": "trace-123" } });
    expect(res.headers.get("x-request-id")).toBe("trace-123");
    expect(res.body.requestId).toBe("trace-123");
    const fresh = await t.api("GET", "/healthz", { headers: { "x-request-id": "bad id with spaces" } });
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("OpenAPI", () => {
  it("serves a document generated from the contracts, with every operation named and described", async () => {
    const res = await t.api("GET", "/api/v1/openapi.json", { token: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(res.body.servers).toEqual([{ url: "/api/v1" }]);
    const operations = Object.values(res.body.paths).flatMap((methods: any) => Object.values(methods)) as any[];
    const ids = operations.map((o) => o.operationId).sort();
    expect(ids).toEqual(
      expect.arrayContaining(["listUsers", "createUser", "getUser", "updateUser", "deleteUser", "lookupUser", "login", "createApiKey", "listAuditEvents"]),
    );
    for (const op of operations) {
      expect(op["x-permission"], op.operationId).toBeTruthy();
      // Public routes never ask for credentials; sign-in answers 401 for wrong ones.
      if (op["x-permission"] !== "public" || op.operationId === "login") expect(Object.keys(op.responses), op.operationId).toContain("401");
    }
    for (const id of ["getInvitation", "redeemInvitation"]) expect(operations.find((o) => o.operationId === id)?.security).toEqual([]);
    const login = res.body.paths["/auth/login"].post;
    expect(login.security).toEqual([]);
    expect(res.body.paths["/users/{id}"].get.responses["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/User" });
    expect(res.body.components.schemas.User.properties.email.description).toMatch(/Email/);
  });

  it("serves a readable docs page and its assets offline", async () => {
    const page = await fetch(`${t.url}/api/v1/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("swagger-ui-bundle.js");
    const asset = await fetch(`${t.url}/api/v1/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
  });
});

describe("outside the API", () => {
  it("answers 404 as a problem for unknown paths", async () => {
    expectProblem(await t.api("GET", "/nowhere", { token: null }), 404, "not_found");
  });
});
