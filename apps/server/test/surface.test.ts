import { initContract } from "@ts-rest/core";
import { initServer } from "@ts-rest/express";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ManualClock } from "../src/index.ts";
import { createLogger } from "../src/lib/logger.ts";
import { bearerToken } from "../src/http/middleware/authorize.ts";
import { publicRoute, withSecretParams } from "@steward/contracts";
import { createPathRedactor } from "../src/http/shared/log-path.ts";
import { mountSurface } from "../src/http/shared/surface.ts";
import type { Deps } from "../src/services/kernel/context.ts";

const c = initContract();
const s = initServer();

/** Mounting never touches the database; only the shape of the surface matters here. */
const deps = { log: createLogger("silent"), clock: new ManualClock() } as unknown as Deps;

function surfaceOf(contract: ReturnType<typeof c.router>) {
  return {
    name: "test",
    contract,
    handlers: () => s.router(contract as never, { ping: async () => ({ status: 200, body: { ok: true } }) } as never),
    scope: "/",
    readBody: (_req: unknown, _res: unknown, next: () => void) => next(),
    readCredential: bearerToken,
    realm: "test",
    notFound: () => {},
    mapError: () => {},
  };
}

describe("mounting a surface", () => {
  it("refuses, at start-up, a route that does not declare who may call it", () => {
    const undeclared = c.router({ ping: { method: "GET", path: "/ping", responses: { 200: z.object({ ok: z.boolean() }) } } });
    expect(() => mountSurface(deps, surfaceOf(undeclared) as never)).toThrow(/route ping \(GET \/ping\) declares no access/);
  });

  it("mounts a contract whose routes all declare access", () => {
    const declared = c.router({
      ping: { method: "GET", path: "/ping", responses: { 200: z.object({ ok: z.boolean() }) }, metadata: { access: "public" } },
    });
    expect(() => mountSurface(deps, surfaceOf(declared) as never)).not.toThrow();
  });
});

describe("mounting a surface with secret parameters", () => {
  const surface = surfaceOf(
    c.router({
      ping: {
        method: "GET",
        path: "/links/:token",
        pathParams: z.object({ token: z.string() }),
        responses: { 200: z.object({ ok: z.boolean() }) },
        metadata: withSecretParams(publicRoute, "token"),
      },
    }),
  );

  it("tells the redactor its routes, under its base path (log-path.ts)", () => {
    const paths = createPathRedactor();
    mountSurface(deps, surface as never, { paths, basePath: "/compat" });
    expect(paths.redact("/compat/links/abc")).toBe("/compat/links/:token");
  });

  it("refuses to mount without a redactor: the secret would be logged", () => {
    expect(() => mountSurface(deps, surface as never)).toThrow(/GET \/links\/:token has secret path parameters/);
  });
});
