import { initServer } from "@ts-rest/express";
import { pleromaContract } from "@steward/contracts";
import { dialectOpenApiRoutes } from "../../shared/dialect-openapi.ts";
import { bearerToken } from "../../middleware/authorize.ts";
import { nestedParams } from "../../middleware/nested-params.ts";
import type { Surface } from "../../shared/surface.ts";
import { pleromaErrors, sendPleromaError } from "./errors.ts";
import { followsRoutes } from "./follows.ts";
import { invitesRoutes } from "./invites.ts";
import type { PleromaOptions } from "./options.ts";
import { permissionGroupsRoutes } from "./permission-groups.ts";
import { relaysRoutes } from "./relays.ts";
import { tagsRoutes } from "./tags.ts";
import { usersRoutes } from "./users.ts";
import { pleromaDocument } from "./openapi.ts";

const s = initServer();

/**
 * Pleroma's admin API: Bearer tokens (a session token or an API key) of
 * users holding the admin role, parameters from the query string merged
 * with a JSON or form body, and errors as `{"error": "..."}`.
 */
export function pleromaSurface(options: PleromaOptions): Surface<typeof pleromaContract> {
  return {
    name: "pleroma",
    contract: pleromaContract,
    handlers: (tools) =>
      s.router(pleromaContract, {
        invites: invitesRoutes(tools),
        follows: followsRoutes(tools),
        tags: tagsRoutes(tools),
        users: usersRoutes(tools),
        permissionGroups: permissionGroupsRoutes(tools),
        relays: relaysRoutes(tools),
      }),
    scope: "/",
    readBody: nestedParams({ limitBytes: 100 * 1024, merge: true }),
    readCredential: bearerToken,
    realm: "Pleroma admin API",
    notFound: (_req, res) => sendPleromaError(res, 404, "Not found"),
    mapError: pleromaErrors(options.log),
    extraRoutes: dialectOpenApiRoutes(pleromaDocument, options.basePath),
  };
}
