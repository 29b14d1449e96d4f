import type { AppRoute, AppRouter } from "@ts-rest/core";
import { isAppRoute } from "@ts-rest/core";
import { v1Contract } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, expectProblem, startTestServer, writeCounts, type TestServer } from "./harness.ts";

let t: TestServer;
let userId: string;
let keyId: string;
beforeAll(async () => {
  t = await startTestServer();
  userId = (await createUser(t, { username: "victim", email: "victim@example.org" })).id;
  keyId = (await t.api("POST", "/api/v1/api-keys", { body: { name: "k", permissions: ["users:read"] } })).body.id;
});
afterAll(() => t?.close());

const HUGE = "x".repeat(20_000);
const MALFORMED = '{"username": "a",';

interface Case {
  name: string;
  method: string;
  path: () => string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  status: number;
  /** The field error path expected, when the API can name one. */
  field?: string;
}

const cases: Case[] = [
  // sign-in
  { name: "login without fields", method: "POST", path: () => "/api/v1/auth/login", body: {}, status: 400, field: "body.username" },
  { name: "login with a number as password", method: "POST", path: () => "/api/v1/auth/login", body: { username: "a", password: 5 }, status: 400, field: "body.password" },
  { name: "login with an unknown field", method: "POST", path: () => "/api/v1/auth/login", body: { username: "a", password: "b", remember: true }, status: 400, field: "body" },
  { name: "login with a huge username", method: "POST", path: () => "/api/v1/auth/login", body: { username: HUGE, password: "b" }, status: 400, field: "body.username" },
  { name: "login with malformed JSON", method: "POST", path: () => "/api/v1/auth/login", rawBody: MALFORMED, headers: { "content-type": "application/json" }, status: 400 },
  { name: "login as a form", method: "POST", path: () => "/api/v1/auth/login", rawBody: "username=a&password=b", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415 },
  // users
  { name: "create user without username", method: "POST", path: () => "/api/v1/users", body: { email: "a@b.co" }, status: 400, field: "body.username" },
  { name: "create user with a numeric username", method: "POST", path: () => "/api/v1/users", body: { username: 42 }, status: 400, field: "body.username" },
  { name: "create user with spaces in username", method: "POST", path: () => "/api/v1/users", body: { username: "a b" }, status: 400, field: "body.username" },
  { name: "create user with an invalid email", method: "POST", path: () => "/api/v1/users", body: { username: "ok", email: "not-an-email" }, status: 400, field: "body.email" },
  { name: "create user with a short password", method: "POST", path: () => "/api/v1/users", body: { username: "ok", password: "short" }, status: 400, field: "body.password" },
  { name: "create user with an unknown field", method: "POST", path: () => "/api/v1/users", body: { username: "ok", isAdmin: true }, status: 400, field: "body" },
  { name: "create user with a huge display name", method: "POST", path: () => "/api/v1/users", body: { username: "ok", displayName: HUGE }, status: 400, field: "body.displayName" },
  { name: "create user with tags as a string", method: "POST", path: () => "/api/v1/users", body: { username: "ok", tags: "a,b" }, status: 400, field: "body.tags" },
  { name: "create user with an invalid status", method: "POST", path: () => "/api/v1/users", body: { username: "ok", status: "banned" }, status: 400, field: "body.status" },
  { name: "create user with malformed JSON", method: "POST", path: () => "/api/v1/users", rawBody: MALFORMED, headers: { "content-type": "application/json" }, status: 400 },
  { name: "create user with a JSON string body", method: "POST", path: () => "/api/v1/users", rawBody: '"victim"', headers: { "content-type": "application/json" }, status: 400 },
  { name: "create user with an array body", method: "POST", path: () => "/api/v1/users", body: [{ username: "ok" }], status: 400 },
  { name: "create user as text", method: "POST", path: () => "/api/v1/users", rawBody: "username=ok", headers: { "content-type": "text/plain" }, status: 415 },
  { name: "create user with a body over 100 kB", method: "POST", path: () => "/api/v1/users", body: { username: "ok", displayName: "y".repeat(200_000) }, status: 413 },
  { name: "get user by a non-uuid", method: "GET", path: () => "/api/v1/users/not-a-uuid", status: 400, field: "path.id" },
  { name: "patch user with a wrong type", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { firstName: 7 }, status: 400, field: "body.firstName" },
  { name: "patch user with an unknown field", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { passwordHash: "x" }, status: 400, field: "body" },
  { name: "patch user status directly", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { status: "deactivated" }, status: 400, field: "body" },
  { name: "patch user with a huge value", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { lastName: HUGE }, status: 400, field: "body.lastName" },
  { name: "patch user with malformed JSON", method: "PATCH", path: () => `/api/v1/users/${userId}`, rawBody: MALFORMED, headers: { "content-type": "application/json" }, status: 400 },
  { name: "patch user with an empty username", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { username: "" }, status: 400, field: "body.username" },
  { name: "patch user by a non-uuid", method: "PATCH", path: () => "/api/v1/users/123", body: { firstName: "x" }, status: 400, field: "path.id" },
  { name: "patch user with a huge If-Match", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { firstName: "x" }, headers: { "if-match": HUGE.slice(0, 500) }, status: 400, field: "header.if-match" },
  { name: "delete user by a non-uuid", method: "DELETE", path: () => "/api/v1/users/'; DROP TABLE users; --", status: 400, field: "path.id" },
  { name: "activate a non-uuid", method: "POST", path: () => "/api/v1/users/xyz/activate", status: 400, field: "path.id" },
  { name: "grant a role with a huge name", method: "PUT", path: () => `/api/v1/users/${userId}/roles/${"r".repeat(100)}`, status: 400, field: "path.role" },
  { name: "add tags without tags", method: "POST", path: () => `/api/v1/users/${userId}/tags`, body: {}, status: 400, field: "body.tags" },
  { name: "add an empty list of tags", method: "POST", path: () => `/api/v1/users/${userId}/tags`, body: { tags: [] }, status: 400, field: "body.tags" },
  { name: "add a tag with a space", method: "POST", path: () => `/api/v1/users/${userId}/tags`, body: { tags: ["a b"] }, status: 400, field: "body.tags.0" },
  { name: "remove a tag with a comma", method: "DELETE", path: () => `/api/v1/users/${userId}/tags/a,b`, status: 400, field: "path.tag" },
  // listing
  { name: "list with limit 0", method: "GET", path: () => "/api/v1/users?limit=0", status: 400, field: "query.limit" },
  { name: "list with limit 10000", method: "GET", path: () => "/api/v1/users?limit=10000", status: 400, field: "query.limit" },
  { name: "list with a word as limit", method: "GET", path: () => "/api/v1/users?limit=ten", status: 400, field: "query.limit" },
  { name: "list with an unknown status", method: "GET", path: () => "/api/v1/users?status=banned", status: 400, field: "query.status" },
  { name: "list with local=maybe", method: "GET", path: () => "/api/v1/users?local=maybe", status: 400, field: "query.local" },
  { name: "list sorted by a secret", method: "GET", path: () => "/api/v1/users?sort=passwordHash", status: 400, field: "query.sort" },
  { name: "list with an unknown parameter", method: "GET", path: () => "/api/v1/users?admin=true", status: 400, field: "query" },
  { name: "list with a huge search", method: "GET", path: () => `/api/v1/users?q=${"q".repeat(300)}`, status: 400, field: "query.q" },
  { name: "list with a non-uuid group", method: "GET", path: () => "/api/v1/users?group=ops", status: 400, field: "query.group" },
  { name: "list with a garbage cursor", method: "GET", path: () => "/api/v1/users?cursor=garbage", status: 400, field: "query.cursor" },
  { name: "list with a huge cursor", method: "GET", path: () => `/api/v1/users?cursor=${"A".repeat(2000)}`, status: 400, field: "query.cursor" },
  { name: "list with status twice", method: "GET", path: () => "/api/v1/users?status=active&status=deactivated", status: 400, field: "query.status" },
  { name: "lookup with an unknown parameter", method: "GET", path: () => "/api/v1/users/lookup?phone=1", status: 400 },
  // API keys
  { name: "create key without name", method: "POST", path: () => "/api/v1/api-keys", body: { permissions: ["users:read"] }, status: 400, field: "body.name" },
  { name: "create key with a blank name", method: "POST", path: () => "/api/v1/api-keys", body: { name: "   ", permissions: ["users:read"] }, status: 400, field: "body.name" },
  { name: "create key with an unknown permission", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: ["users:eat"] }, status: 400, field: "body.permissions.0" },
  { name: "create key with no permissions", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: [] }, status: 400, field: "body.permissions" },
  { name: "create key with a bad expiry", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: ["users:read"], expiresAt: "tomorrow" }, status: 400, field: "body.expiresAt" },
  { name: "create key expiring in the past", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: ["users:read"], expiresAt: "2001-01-01T00:00:00Z" }, status: 422, field: "body.expiresAt" },
  { name: "create key with an unknown field", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: ["users:read"], key: "stk_mine" }, status: 400, field: "body" },
  { name: "list keys with includeRevoked=yes", method: "GET", path: () => "/api/v1/api-keys?includeRevoked=yes", status: 400, field: "query.includeRevoked" },
  { name: "list keys with a garbage cursor", method: "GET", path: () => "/api/v1/api-keys?cursor=eyJ4IjoxfQ", status: 400, field: "query.cursor" },
  { name: "revoke key by a non-uuid", method: "DELETE", path: () => "/api/v1/api-keys/abc", status: 400, field: "path.id" },
  { name: "get key by a non-uuid", method: "GET", path: () => `/api/v1/api-keys/${keyId}x`, status: 400, field: "path.id" },
  // audit
  { name: "audit with a bad since", method: "GET", path: () => "/api/v1/audit-events?since=yesterday", status: 400, field: "query.since" },
  { name: "audit with a garbage cursor", method: "GET", path: () => "/api/v1/audit-events?cursor=WyIxIl0", status: 400, field: "query.cursor" },
  { name: "audit with an unknown parameter", method: "GET", path: () => "/api/v1/audit-events?who=me", status: 400, field: "query" },
  // unknown endpoints
  { name: "an unknown endpoint", method: "GET", path: () => "/api/v1/nothing-here", status: 404 },
  { name: "an unknown method on users", method: "PUT", path: () => "/api/v1/users", body: {}, status: 404 },
];

describe("bad input answers a clear 4xx problem and writes nothing", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const before = await writeCounts(t);
      const res = await t.api(c.method, c.path(), { body: c.body, rawBody: c.rawBody, headers: c.headers });
      expectProblem(res, c.status);
      expect(res.body.detail.length).toBeGreaterThan(5);
      if (c.field) expect(res.body.errors?.map((e: any) => e.path), JSON.stringify(res.body)).toContain(c.field);
      expect(await writeCounts(t)).toEqual(before);
      const victim = await t.api("GET", `/api/v1/users/${userId}`);
      expect(victim.headers.get("etag")).toBe('"v1"');
    });
  }
});

const isZodType = (schema: unknown) => typeof (schema as { safeParse?: unknown })?.safeParse === "function";

function routesOf(router: AppRouter): AppRoute[] {
  return Object.values(router).flatMap((value) => (isAppRoute(value) ? [value] : routesOf(value as AppRouter)));
}

describe("no route answers 500 to garbage", () => {
  const garbage: { label: string; rawBody: string; type: string }[] = [
    { label: "null", rawBody: "null", type: "application/json" },
    { label: "a number", rawBody: "12", type: "application/json" },
    { label: "an array", rawBody: "[1,2,3]", type: "application/json" },
    { label: "deep nesting", rawBody: `${"[".repeat(5000)}${"]".repeat(5000)}`, type: "application/json" },
    { label: "binary", rawBody: "\u0000\u0001\u0002", type: "application/octet-stream" },
  ];
  // Routes that take a body; the others ignore one, as HTTP allows.
  const withBody = routesOf(v1Contract).filter((route) => route.method !== "GET" && isZodType("body" in route ? route.body : undefined));
  it("covers the routes that take a body", () => expect(withBody.length).toBeGreaterThanOrEqual(5));
  for (const route of withBody) {
    it(`${route.method} ${route.path}`, async () => {
      const before = await writeCounts(t);
      const path = route.path.replace(/:id/g, userId).replace(/:role/g, "moderator").replace(/:tag/g, "x");
      for (const g of garbage) {
        const res = await t.api(route.method, path, { rawBody: g.rawBody, headers: { "content-type": g.type } });
        expect(res.status, `${g.label}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${g.label}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      }
      expect(await writeCounts(t)).toEqual(before);
    });
  }
});
