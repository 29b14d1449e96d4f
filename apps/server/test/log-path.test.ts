import { isAppRoute, type AppRoute, type AppRouter } from "@ts-rest/core";
import { describe, expect, it } from "vitest";
import { pleromaContract, prosodyContract, pterodactylContract, publicRoute, secretParamsOf, v1Contract, withSecretParams } from "@steward/contracts";
import { createPathRedactor, loggedPath, secretPath } from "../src/http/shared/log-path.ts";

// What a request is logged as: its path with the segments its route declares
// secret replaced by their names. secrets-in-logs.test.ts checks the server's
// real log; these check the matcher and where its templates come from.
const invitations = [secretPath("/api/v1/invitations/:token", ["token"])];

describe("loggedPath", () => {
  it("replaces a secret segment by the parameter's name", () => {
    expect(loggedPath("/api/v1/invitations/sti_abc123", invitations)).toBe("/api/v1/invitations/:token");
  });

  it("leaves other paths alone, the route's shorter path included", () => {
    for (const path of ["/api/v1/invites", "/api/v1/invitations", "/api/v1/invitations/", "/api/v1/users/sti_abc123", "/", "", "/invitations/sti_abc"]) {
      expect(loggedPath(path, invitations)).toBe(path);
    }
  });

  it("matches the leading segments: what follows a token does not keep it", () => {
    expect(loggedPath("/api/v1/invitations/sti_abc/x", invitations)).toBe("/api/v1/invitations/:token/x");
    expect(loggedPath("/api/v1/invitations/sti_abc/", invitations)).toBe("/api/v1/invitations/:token/");
    expect(loggedPath("/api/v1/invitations/sti_abc/x/y", invitations)).toBe("/api/v1/invitations/:token/x/y");
  });

  it("matches literals as Express routes them: any case, empty segments skipped", () => {
    expect(loggedPath("/API/V1/Invitations/sti_abc", invitations)).toBe("/API/V1/Invitations/:token");
    expect(loggedPath("//api/v1//invitations//sti_abc", invitations)).toBe("//api/v1//invitations//:token");
  });

  it("replaces the raw segment, whatever its encoding (broken percent-encoding included)", () => {
    expect(loggedPath("/api/v1/invitations/sti_abc%FF", invitations)).toBe("/api/v1/invitations/:token");
    expect(loggedPath("/api/v1/invitations/sti%20abc%E0%A4%A", invitations)).toBe("/api/v1/invitations/:token");
    expect(loggedPath("/api/v1/invitations/..", invitations)).toBe("/api/v1/invitations/:token");
  });

  it("keeps the values of parameters that are not secret, and applies every template that matches", () => {
    const templates = [secretPath("/groups/:id/links/:secret", ["secret"]), secretPath("/groups/:id/links/:secret/:code", ["code"])];
    expect(loggedPath("/groups/g1/links/s3cr3t", templates)).toBe("/groups/g1/links/:secret");
    expect(loggedPath("/groups/g1/links/s3cr3t/c0de", templates)).toBe("/groups/g1/links/:secret/:code");
    expect(loggedPath("/groups/g1/other/s3cr3t", templates)).toBe("/groups/g1/other/s3cr3t");
  });

  it("with no templates, is the path", () => {
    expect(loggedPath("/api/v1/invitations/sti_abc", [])).toBe("/api/v1/invitations/sti_abc");
  });
});

describe("secretPath", () => {
  it("refuses a secret parameter its path does not have", () => {
    expect(() => secretPath("/api/v1/invitations/:id", ["token"])).toThrow(/token is not a segment/);
  });
});

describe("the redactor", () => {
  it("redacts by the routes added to it, with their base path", () => {
    const paths = createPathRedactor();
    expect(paths.redact("/admin_api/links/abc")).toBe("/admin_api/links/abc");
    paths.add("/admin_api/links/:token", ["token"]);
    paths.add("/admin_api/users/:username", []);
    expect(paths.redact("/admin_api/links/abc")).toBe("/admin_api/links/:token");
    expect(paths.redact("/admin_api/users/alice")).toBe("/admin_api/users/alice");
  });
});

describe("the contracts' secret parameters", () => {
  const routesOf = (contract: AppRouter): AppRoute[] =>
    Object.values(contract).flatMap((entry) => (isAppRoute(entry) ? [entry] : routesOf(entry as AppRouter)));

  it("are declared on the public invitation routes, and there only", () => {
    const declaring = [v1Contract, prosodyContract, pleromaContract, pterodactylContract]
      .flatMap(routesOf)
      .filter((route) => secretParamsOf(route.metadata).length)
      .map((route) => `${route.method} ${route.path} ${secretParamsOf(route.metadata).join(",")}`);
    expect(declaring.sort()).toEqual(["GET /api/v1/invitations/:token token", "POST /api/v1/invitations/:token token"]);
  });

  it("read from metadata: none when absent, a list of names or an error", () => {
    expect(secretParamsOf(publicRoute)).toEqual([]);
    expect(secretParamsOf(undefined)).toEqual([]);
    expect(secretParamsOf(withSecretParams(publicRoute, "token"))).toEqual(["token"]);
    expect(withSecretParams(publicRoute, "token")).toEqual({ access: "public", secretParams: ["token"] });
    expect(() => secretParamsOf({ ...publicRoute, secretParams: "token" })).toThrow(/secretParams/);
    expect(() => secretParamsOf({ ...publicRoute, secretParams: [] })).toThrow(/secretParams/);
  });
});
