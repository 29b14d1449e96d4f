import type express from "express";
import { initServer } from "@ts-rest/express";
import { V1_PREFIX, v1Contract } from "@steward/contracts";
import type { Logger } from "../../lib/logger.ts";
import { bearerToken } from "../middleware/authorize.ts";
import { idempotentPosts } from "../middleware/idempotency.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { nextPageLink } from "../middleware/next-page-link.ts";
import { problemErrorHandler, sendProblem } from "../shared/problem.ts";
import { streamedRequestMatcher } from "../shared/streamed-bodies.ts";
import type { Surface } from "../shared/surface.ts";
import { apiKeysRoutes } from "./api-keys.ts";
import { auditEventsRoutes } from "./audit-events.ts";
import { authRoutes } from "./auth.ts";
import { followsRoutes } from "./follows.ts";
import { groupsRoutes } from "./groups.ts";
import { invitesRoutes } from "./invites.ts";
import { mailRoutes } from "./mail.ts";
import { meRoutes } from "./me.ts";
import { meAccessTokensRoutes } from "./me-access-tokens.ts";
import { meBookmarksRoutes } from "./me-bookmarks.ts";
import { meChannelsRoutes } from "./me-channels.ts";
import { mfaRoutes } from "./mfa.ts";
import { notifyRoutes } from "./notify.ts";
import { openApiRoutes } from "./openapi.ts";
import { operatorsRoutes } from "./operators.ts";
import { registrationRoutes } from "./registration.ts";
import { relaysRoutes } from "./relays.ts";
import { resourcesRoutes } from "./resources.ts";
import { rolesRoutes } from "./roles.ts";
import { serverInfoRoutes } from "./server-info.ts";
import { settingsRoutes } from "./settings.ts";
import { sessionsRoutes } from "./sessions.ts";
import { usersRoutes } from "./users.ts";

const s = initServer();

/**
 * `/api/v1`: JSON only, bearer tokens, every failure answered as
 * problem+json. Its contract's paths carry the prefix, so the router is
 * mounted without one (a path-scoped `use` rewrites req.url on every request).
 */
export function v1Surface(log: Logger): Surface<typeof v1Contract> {
  return {
    name: "v1",
    labelOf: (req) => (req.get("x-steward-client") === "console" ? "console" : undefined),
    contract: v1Contract,
    handlers: (tools) =>
      s.router(v1Contract, {
        auth: authRoutes(tools),
        registration: registrationRoutes(tools),
        me: meRoutes(tools),
        meChannels: meChannelsRoutes(tools),
        meAccessTokens: meAccessTokensRoutes(tools),
        meBookmarks: meBookmarksRoutes(tools),
        users: usersRoutes(tools),
        roles: rolesRoutes(tools),
        operators: operatorsRoutes(tools),
        settings: settingsRoutes(tools),
        notify: notifyRoutes(tools),
        apiKeys: apiKeysRoutes(tools),
        auditEvents: auditEventsRoutes(tools),
        sessions: sessionsRoutes(tools),
        serverInfo: serverInfoRoutes(tools),
        groups: groupsRoutes(tools),
        invites: invitesRoutes(tools),
        follows: followsRoutes(tools),
        relays: relaysRoutes(tools),
        resources: resourcesRoutes(tools),
        mail: mailRoutes(tools),
        mfa: mfaRoutes(tools),
      }),
    scope: V1_PREFIX,
    readBody: readJsonBody,
    afterAuthorize: (tools) => [idempotentPosts(tools)],
    readCredential: bearerToken,
    realm: "steward",
    notFound: (req, res) => sendProblem(res, "not_found", `No endpoint ${req.method} ${req.baseUrl}${req.path}`),
    mapError: problemErrorHandler(log),
    // After the contract's routes, so API calls do not test these paths first.
    extraRoutes: openApiRoutes,
  };
}

const parseJson = jsonBody(100 * 1024, { refuseOtherTypes: true });
/** The import's NDJSON or CSV body, which its handler reads as it arrives. */
const isStreamedRequest = streamedRequestMatcher(v1Contract);

/**
 * Reads bodies sent to the API only (its error handler answers a bad one as
 * a problem). A body that is not JSON is refused (415) rather than silently
 * read as empty, but for a route that streams its body, in a type it
 * declares: that is left unread for its handler.
 */
const readJsonBody: express.RequestHandler = (req, res, next) => {
  if (!req.path.startsWith(V1_PREFIX)) return next();
  if (isStreamedRequest(req)) return next();
  nextPageLink(req, res, () => parseJson(req, res, next));
};
