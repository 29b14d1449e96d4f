import { initServer } from "@ts-rest/express";
import { pterodactylContract } from "@steward/contracts";
import { dialectOpenApiRoutes } from "../../shared/dialect-openapi.ts";
import { bearerToken } from "../../middleware/authorize.ts";
import { nestedParams } from "../../middleware/nested-params.ts";
import type { Surface } from "../../shared/surface.ts";
import { panelErrorHandler, sendPanelErrors } from "./errors.ts";
import type { PterodactylOptions } from "./options.ts";
import { serversRoutes } from "./servers.ts";
import { usersRoutes } from "./users.ts";
import { pterodactylDocument } from "./openapi.ts";

const s = initServer();

/**
 * Pterodactyl Panel's Application API (users): Bearer API keys (a session
 * token works too), `filter[...]` query strings, JSON or form bodies, and
 * errors as `{"errors": [{code, status, detail}]}` with the Panel's
 * exception names; validation failures are 422, one entry per field.
 */
export function pterodactylSurface(options: PterodactylOptions): Surface<typeof pterodactylContract> {
  return {
    name: "pterodactyl",
    contract: pterodactylContract,
    handlers: (tools) => s.router(pterodactylContract, { users: usersRoutes(tools, options), servers: serversRoutes(tools, options) }),
    scope: "/",
    readBody: nestedParams({ limitBytes: 100 * 1024, merge: false }),
    readCredential: bearerToken,
    realm: "Pterodactyl application API",
    notFound: (req, res) => sendPanelErrors(res, 404, [{ code: "NotFoundHttpException", detail: `The route ${req.baseUrl.slice(1)}${req.path} could not be found.` }]),
    mapError: panelErrorHandler(options.log),
    extraRoutes: dialectOpenApiRoutes(pterodactylDocument, options.basePath),
  };
}
