import { initServer } from "@ts-rest/express";
import { prosodyContract } from "@steward/contracts";
import { bearerToken } from "../../middleware/authorize.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import type { Surface } from "../../shared/surface.ts";
import { dialectOpenApiRoutes } from "../../shared/dialect-openapi.ts";
import { prosodyErrors, sendProsodyError } from "./errors.ts";
import { groupsRoutes } from "./groups.ts";
import { invitesRoutes } from "./invites.ts";
import type { ProsodyOptions } from "./options.ts";
import { serverRoutes } from "./server.ts";
import { usersRoutes } from "./users.ts";
import { prosodyDocument } from "./openapi.ts";

const s = initServer();

/**
 * Prosody's mod_http_admin_api: Bearer tokens (a session token or an API
 * key), JSON bodies whatever their declared type (the document accepts any),
 * and errors as `{error, text}` with Prosody's condition names.
 */
export function prosodySurface(options: ProsodyOptions): Surface<typeof prosodyContract> {
  return {
    name: "prosody",
    contract: prosodyContract,
    handlers: (tools) =>
      s.router(prosodyContract, {
        users: usersRoutes(tools),
        invites: invitesRoutes(tools),
        groups: groupsRoutes(tools),
        server: serverRoutes(tools),
      }),
    scope: "/",
    readBody: jsonBody(100 * 1024, { anyContentType: true }),
    readCredential: bearerToken,
    // Prosody's realm: `<host>/<module>`.
    realm: `${options.realmHost}/http_admin_api`,
    notFound: (req, res) => sendProsodyError(res, 404, "item-not-found", `No endpoint ${req.method} ${req.baseUrl}${req.path}`),
    mapError: prosodyErrors(options.log),
    extraRoutes: dialectOpenApiRoutes(prosodyDocument, options.basePath),
  };
}
