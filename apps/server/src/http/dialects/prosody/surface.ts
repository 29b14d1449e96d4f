import type express from "express";
import { initServer } from "@ts-rest/express";
import { prosodyContract, type ErrorCode, type ProsodyError } from "@steward/contracts";
import { WITHOUT_422_OR_410, failureHandler, statusOf, type Failure } from "../../failure.ts";
import { bearerToken } from "../../middleware/authorize.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import type { Surface } from "../../surface.ts";
import { dialectOpenApiRoute } from "../../dialect-openapi.ts";
import { groupsRoutes } from "./groups.ts";
import { invitesRoutes } from "./invites.ts";
import type { ProsodyOptions } from "./options.ts";
import { serverRoutes } from "./server.ts";
import { usersRoutes } from "./users.ts";

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
        users: usersRoutes(tools, options),
        invites: invitesRoutes(tools, options),
        groups: groupsRoutes(tools),
        server: serverRoutes(tools),
      }),
    scope: "/",
    readBody: jsonBody(100 * 1024, { anyContentType: true }),
    readCredential: bearerToken,
    // Prosody's realm: `<host>/<module>`.
    realm: `${options.domain}/http_admin_api`,
    notFound: (req, res) => sendProsodyError(res, 404, "item-not-found", `No endpoint ${req.method} ${req.baseUrl}${req.path}`),
    mapError: failureHandler(options.log, (res, failure) => sendProsodyError(res, statusOf(failure, WITHOUT_422_OR_410), prosodyCondition(failure), failure.detail)),
    extraRoutes: dialectOpenApiRoute(prosodyContract, {
      title: "Prosody administration API (served by Steward)",
      description: "Prosody's mod_http_admin_api, served over Steward's accounts, groups, invites and sessions.",
      basePath: options.basePath,
    }),
  };
}

/** Prosody's error conditions (util.error / XMPP stanza errors), by Steward's code. */
const CONDITIONS: Record<ErrorCode, string> = {
  bad_request: "bad-request",
  unauthorized: "not-authorized",
  forbidden: "forbidden",
  not_found: "item-not-found",
  method_not_allowed: "not-allowed",
  conflict: "conflict",
  gone: "item-not-found",
  precondition_failed: "unexpected-request",
  payload_too_large: "policy-violation",
  unsupported_media_type: "bad-request",
  unprocessable_entity: "bad-request",
  rate_limit_exceeded: "resource-constraint",
  internal_server_error: "internal-server-error",
  service_unavailable: "service-unavailable",
};

/** The reasons Prosody names itself (`user-not-found`, `group-not-found`); others by code. */
const NAMED_REASONS = new Set(["user_not_found", "group_not_found"]);

function prosodyCondition(failure: Failure): string {
  return failure.reason && NAMED_REASONS.has(failure.reason) ? failure.reason.replace(/_/g, "-") : CONDITIONS[failure.code];
}

function sendProsodyError(res: express.Response, status: number, error: string, text: string): void {
  const body: ProsodyError = { error, text };
  res.status(status).json(body);
}
