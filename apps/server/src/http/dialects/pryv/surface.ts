import { initServer } from "@ts-rest/express";
import { pryvContract } from "@steward/contracts";
import { jsonBody } from "../../middleware/json-body.ts";
import { anyOriginCors } from "../../shared/any-origin-cors.ts";
import { dialectOpenApiRoutes } from "../../shared/dialect-openapi.ts";
import type { Surface } from "../../shared/surface.ts";
import { authRoutes } from "./auth.ts";
import { pryvErrorHandler } from "./errors.ts";
import type { PryvOptions } from "./options.ts";
import { platformUsersRoutes } from "./platform-users.ts";
import { settingsRoutes } from "./settings.ts";
import { usersRoutes } from "./users.ts";
import { pryvDocument } from "./openapi.ts";

const s = initServer();

/** The token as Pryv's clients send it: the whole `Authorization` header (Steward also takes it after `Bearer`). */
export function pryvToken(req: { get(name: string): string | undefined }): string | null {
  const header = req.get("authorization")?.trim();
  if (!header) return null;
  return /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, "") || null : header;
}

/**
 * Pryv.io's Admin API 1.9 (config-leader): JWTs from `/auth/login` in a raw
 * `Authorization` header, JSON bodies, the real server's error shapes
 * (errors.ts). Its paths are disjoint from the early Pryv admin methods'
 * (`/admin/login`, `/admin/user-info`, ...), so another surface can share
 * its base path: one that does not match a request passes it on (`fallThrough`).
 */
export function pryvSurface(options: PryvOptions): Surface<typeof pryvContract> {
  const parseJson = jsonBody(100 * 1024, { refuseOtherTypes: true });
  return {
    name: "pryv",
    contract: pryvContract,
    handlers: (tools) =>
      s.router(pryvContract, {
        ...authRoutes(tools, pryvToken),
        ...usersRoutes(tools),
        ...settingsRoutes(tools),
        ...platformUsersRoutes(tools),
      }),
    scope: "/",
    readBody: (req, res, next) => anyOriginCors(req, res, () => parseJson(req, res, next)),
    readCredential: pryvToken,
    realm: "Pryv admin",
    notFound: (req, res) => void res.status(404).json({ error: { message: `Cannot ${req.method} ${req.baseUrl}${req.path}` } }),
    mapError: pryvErrorHandler(options.log),
    extraRoutes: dialectOpenApiRoutes(pryvDocument, options.basePath),
  };
}
