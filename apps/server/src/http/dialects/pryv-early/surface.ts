import type express from "express";
import { initServer } from "@ts-rest/express";
import { pryvEarlyContract } from "@steward/contracts";
import { jsonBody } from "../../middleware/json-body.ts";
import { anyOriginCors } from "../../shared/any-origin-cors.ts";
import { dialectOpenApiRoutes } from "../../shared/dialect-openapi.ts";
import type { Surface } from "../../shared/surface.ts";
import { accountRoutes } from "./account.ts";
import { bookmarksRoutes } from "./bookmarks.ts";
import { channelsRoutes } from "./channels.ts";
import { SERVER_TIME_HEADER } from "./constants.ts";
import { pryvEarlyErrorHandler, sendPryvEarlyFailure } from "./errors.ts";
import type { PryvEarlyOptions } from "./options.ts";
import { toPryvTime } from "./to-pryv-early.ts";
import { sessionRoutes } from "./session.ts";
import { tokensRoutes } from "./tokens.ts";
import { PRYV_EARLY_DOCS_PATH, PRYV_EARLY_DOCUMENT_PATH, pryvEarlyDocument } from "./openapi.ts";

const s = initServer();

/** The session id as the document sends it: the whole `Authorization` header (Steward also takes it after `Bearer`). */
export function sessionIdOf(req: { get(name: string): string | undefined }): string | null {
  const header = req.get("authorization")?.trim();
  if (!header) return null;
  return header.replace(/^Bearer\s+/i, "") || null;
}

/**
 * The early Pryv admin methods: an account administering itself through a
 * session from `/admin/login`, JSON bodies, `Server-Time` on every answer
 * (errors included: it is set before anything else runs), errors as
 * `{"error":{"id","message"}}` (errors.ts). Shares `/pryv` with the Pryv
 * Admin API 1.9: it answers only its own paths and passes the rest on.
 */
export function pryvEarlySurface(options: PryvEarlyOptions): Surface<typeof pryvEarlyContract> {
  const parseJson = jsonBody(100 * 1024, { refuseOtherTypes: true });
  const serverTime: express.RequestHandler = (_req, res, next) => {
    res.setHeader(SERVER_TIME_HEADER, String(toPryvTime(options.clock.now())));
    next();
  };
  return {
    name: "pryv-early",
    contract: pryvEarlyContract,
    handlers: (tools) =>
      s.router(pryvEarlyContract, {
        ...sessionRoutes(tools),
        ...accountRoutes(tools),
        ...tokensRoutes(tools),
        ...bookmarksRoutes(tools),
        ...channelsRoutes(tools),
      }),
    scope: "/",
    extraPaths: [PRYV_EARLY_DOCUMENT_PATH, PRYV_EARLY_DOCS_PATH],
    readBody: (req, res, next) => serverTime(req, res, () => anyOriginCors(req, res, () => parseJson(req, res, next))),
    readCredential: sessionIdOf,
    realm: "Pryv",
    notFound: (req, res) => sendPryvEarlyFailure(res, { code: "not_found", detail: `Cannot ${req.method} ${req.baseUrl}${req.path}` }),
    mapError: pryvEarlyErrorHandler(options.log),
    extraRoutes: dialectOpenApiRoutes(pryvEarlyDocument, options.basePath),
  };
}
