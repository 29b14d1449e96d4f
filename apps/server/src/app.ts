import express from "express";
import type { Deps } from "./services/context.ts";
import { addHealthRoutes } from "./http/health.ts";
import { requestContext } from "./http/middleware/request-context.ts";
import { securityHeaders } from "./http/middleware/security-headers.ts";
import { sendProblem } from "./http/problem.ts";
import { v1Router } from "./http/v1/router.ts";

export interface AppOptions {
  isShuttingDown?: () => boolean;
}

export function createApp(deps: Deps, options: AppOptions = {}): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", deps.config.trustProxy === "false" ? false : deps.config.trustProxy);
  app.set("etag", false);
  app.use(securityHeaders({ hstsMaxAgeSeconds: deps.config.http.hstsMaxAgeSeconds }));
  app.use(requestContext(deps.log));
  addHealthRoutes(app, deps.db, options.isShuttingDown ?? (() => false));
  app.use(v1Router(deps));
  app.use((req, res) => sendProblem(res, "not_found", `No endpoint ${req.method} ${req.path}`));
  return app;
}
