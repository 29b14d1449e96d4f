import compression from "compression";
import express from "express";
import type { Deps } from "./services/kernel/context.ts";
import { addHealthRoutes } from "./http/health.ts";
import { metrics, type MetricsSources } from "./http/metrics.ts";
import { createPathRedactor } from "./http/shared/log-path.ts";
import { cors } from "./http/middleware/cors.ts";
import { requestContext } from "./http/middleware/request-context.ts";
import { securityHeaders } from "./http/middleware/security-headers.ts";
import { sendProblem } from "./http/shared/problem.ts";
import type { DialectSettings } from "./http/dialects/names.ts";
import { mountDialects } from "./http/dialects/registry.ts";
import { mountSurface } from "./http/shared/surface.ts";
import { v1Surface } from "./http/v1/router.ts";

export interface AppOptions {
  trustProxy: string;
  hstsMaxAgeSeconds: number;
  cors?: { origins: string[]; credentials: boolean };
  /** `/metrics` and what it reads, when STEWARD_METRICS=on. */
  metrics?: MetricsSources;
  dialects: DialectSettings;
  isShuttingDown?: () => boolean;
}

/**
 * Builds the HTTP app: health, metrics, `/api/v1`, then the switched-on
 * dialects, each loaded only when on (see registry.ts), hence async.
 */
export async function createApp(deps: Deps, options: AppOptions): Promise<express.Express> {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy === "false" ? false : options.trustProxy);
  app.set("etag", false);
  app.use(securityHeaders({ hstsMaxAgeSeconds: options.hstsMaxAgeSeconds }));
  // Filled in as the surfaces are mounted, below, before the first request.
  const logPaths = createPathRedactor();
  app.use(requestContext(deps.log, logPaths));
  const measured = options.metrics ? metrics(deps, options.metrics) : null;
  if (measured) app.use(measured.record);
  // gzip or br, as the client accepts, for answers of 1 KiB or more (lists, documents); small ones go as they are.
  app.use(compression({ threshold: 1024 }));
  app.use(cors(options.cors ?? { origins: [], credentials: false }));
  addHealthRoutes(app, deps, options.isShuttingDown ?? (() => false));
  if (measured) app.get("/metrics", measured.route);
  app.use(mountSurface(deps, v1Surface(deps.log), { paths: logPaths }));
  await mountDialects(app, deps, options.dialects, deps.log, logPaths);
  // Outside every surface: answered in Steward's own format.
  app.use((req, res) => sendProblem(res, "not_found", `No endpoint ${req.method} ${req.path}`));
  return app;
}
