import type express from "express";
import { initServer } from "@ts-rest/express";
import { pleromaContract, type PleromaError } from "@steward/contracts";
import { dialectOpenApiRoute } from "../../dialect-openapi.ts";
import { WITHOUT_422_OR_410, failureHandler, statusOf, type Failure } from "../../failure.ts";
import { bearerToken } from "../../middleware/authorize.ts";
import { nestedParams } from "../../middleware/nested-params.ts";
import type { Surface } from "../../surface.ts";
import { followsRoutes } from "./follows.ts";
import { invitesRoutes } from "./invites.ts";
import type { PleromaOptions } from "./options.ts";
import { permissionGroupsRoutes } from "./permission-groups.ts";
import { relaysRoutes } from "./relays.ts";
import { tagsRoutes } from "./tags.ts";
import { usersRoutes } from "./users.ts";

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
    mapError: failureHandler(options.log, (res, failure) => sendPleromaError(res, statusOf(failure, WITHOUT_422_OR_410), pleromaMessage(failure))),
    extraRoutes: dialectOpenApiRoute(pleromaContract, {
      title: "Pleroma admin API (served by Steward)",
      description: "Pleroma's /api/pleroma/admin, served over Steward's accounts, roles, tags, follows, relays, invites and mail.",
      basePath: options.basePath,
    }),
  };
}

/**
 * Pleroma's own words where its clients may look for them; Steward's
 * message otherwise. Reasons, never message text, decide.
 */
const MESSAGES: Record<string, string> = {
  user_not_found: "Not found",
  invite_not_found: "Not found",
  relay_not_found: "Not found",
  missing_token: "Invalid credentials.",
  invalid_token: "Invalid credentials.",
  missing_role: "User is not admin.",
  // Pleroma 1.0 refuses any self-revocation with these words; Steward only that of one's admin role.
  self_admin_revoke: "You can't revoke your own admin status.",
  username_taken: "nickname has already been taken",
};

function pleromaMessage(failure: Failure): string {
  return (failure.reason && MESSAGES[failure.reason]) ?? failure.detail;
}

function sendPleromaError(res: express.Response, status: number, error: string): void {
  const body: PleromaError = { error };
  res.status(status).json(body);
}
