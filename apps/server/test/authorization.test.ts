import type { AppRoute, AppRouter } from "@ts-rest/core";
import { isAppRoute } from "@ts-rest/core";
import { ALL_PERMISSIONS, v1Contract, type RouteAccess } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, expectProblem, startTestServer, type TestServer } from "./harness.ts";

/** Every route of the canonical contract, with its name. */
function routesOf(router: AppRouter, prefix = ""): [string, AppRoute][] {
  return Object.entries(router).flatMap(([name, value]) =>
    isAppRoute(value) ? [[`${prefix}${name}`, value] as [string, AppRoute]] : routesOf(value as AppRouter, `${prefix}${name}.`),
  );
}
const routes = routesOf(v1Contract);
const accessOf = (route: AppRoute) => route.metadata as RouteAccess | undefined;

let t: TestServer;
let userId: string;
beforeAll(async () => {
  t = await startTestServer();
  userId = (await createUser(t, { username: "subject" })).id;
});
afterAll(() => t?.close());

/** A concrete URL for a route: path params filled with a real user id or plausible values. */
function urlOf(route: AppRoute): string {
  return route.path.replace(/:id/g, userId).replace(/:role/g, "moderator").replace(/:tag/g, "x");
}

describe("the contract", () => {
  it("declares access on every route (public, authenticated, or a known permission)", () => {
    expect(routes.length).toBeGreaterThan(15);
    for (const [name, route] of routes) {
      const access = accessOf(route);
      expect(access, `${name} declares no access`).toBeDefined();
      expect(["public", "authenticated", "permission"], name).toContain(access!.access);
      if (access!.access === "permission") expect(ALL_PERMISSIONS, name).toContain(access!.permission);
    }
  });

  it("keeps public routes to signing in", () => {
    expect(routes.filter(([, r]) => accessOf(r)?.access === "public").map(([n]) => n)).toEqual(["auth.login"]);
  });
});

describe("every endpoint refuses callers without its permission", () => {
  for (const [name, route] of routes) {
    const access = accessOf(route);
    if (!access || access.access === "public") continue;

    it(`${name}: 401 without a token`, async () => {
      const before = await t.server.db.prisma.auditEvent.count();
      const res = await t.api(route.method, urlOf(route), { token: null, body: route.method === "GET" ? undefined : {} });
      expectProblem(res, 401, "unauthorized");
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(await t.server.db.prisma.auditEvent.count()).toBe(before);
    });

    if (access.access !== "permission") continue;
    it(`${name}: 403 with a key that lacks ${access.permission}, not 403 with it`, async () => {
      const others = ALL_PERMISSIONS.filter((p) => p !== access.permission);
      const without = await apiKeyWith(t, others);
      const before = await t.server.db.prisma.auditEvent.count();
      const denied = await t.api(route.method, urlOf(route), { token: without, body: route.method === "GET" ? undefined : {} });
      expectProblem(denied, 403, "forbidden");
      expect(await t.server.db.prisma.auditEvent.count()).toBe(before);
      const withIt = await apiKeyWith(t, [access.permission]);
      // An invalid (empty) body is fine here: passing authorization is what is checked.
      const allowed = await t.api(route.method, urlOf(route), { token: withIt, body: route.method === "GET" ? undefined : {} });
      expect([401, 403], `${name} refused a caller holding ${access.permission}: ${JSON.stringify(allowed.body)}`).not.toContain(allowed.status);
    });
  }
});
