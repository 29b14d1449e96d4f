import express from "express";
import { createExpressEndpoints, initServer } from "@ts-rest/express";
import { V1_PREFIX, v1Contract } from "@steward/contracts";
import type { Deps } from "../../services/context.ts";
import { authorize } from "../middleware/authorize.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { problemErrorHandler, sendProblem } from "../problem.ts";
import { apiKeysRoutes } from "./api-keys.ts";
import { auditEventsRoutes } from "./audit-events.ts";
import { authRoutes } from "./auth.ts";
import { rolesRoutes } from "./roles.ts";
import { usersRoutes } from "./users.ts";
import { openApiRoutes } from "./openapi.ts";

const s = initServer();

/** `/api/v1`: JSON only, every answer problem+json on failure. */
export function v1Router(deps: Deps): express.Router {
  const router = express.Router();
  // Mounted without a path: a path-scoped `use` rewrites req.url on every request.
  router.use(readJsonBody);
  createExpressEndpoints(
    v1Contract,
    s.router(v1Contract, {
      auth: authRoutes(deps),
      users: usersRoutes(deps),
      roles: rolesRoutes(deps),
      apiKeys: apiKeysRoutes(deps),
      auditEvents: auditEventsRoutes(deps),
    }),
    router,
    {
      logInitialization: false,
      jsonQuery: false,
      responseValidation: false,
      globalMiddleware: [authorize(deps) as never],
      requestValidationErrorHandler: (err, _req, _res, next) => next(err),
    },
  );
  // After the contract's routes, so API calls do not test these paths first.
  openApiRoutes(router);
  router.use(V1_PREFIX, (req, res) => {
    sendProblem(res, "not_found", `No endpoint ${req.method} ${req.path}`);
  });
  router.use(V1_PREFIX, problemErrorHandler(deps.log));
  return router;
}

const parseJson = jsonBody(100 * 1024);

/**
 * Reads bodies sent to the API only (its error handler answers a bad one as
 * a problem). A body that is not JSON is refused rather than silently read
 * as empty.
 */
const readJsonBody: express.RequestHandler = (req, res, next) => {
  if (!req.path.startsWith(V1_PREFIX)) return next();
  const hasBody = Number(req.get("content-length") ?? 0) > 0 || req.get("transfer-encoding") !== undefined;
  if (hasBody && !req.is("application/json") && !req.is("application/*+json")) {
    return sendProblem(res, "unsupported_media_type", "Send the body as application/json");
  }
  parseJson(req, res, next);
};
