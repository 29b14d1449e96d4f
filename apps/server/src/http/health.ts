import type express from "express";
import type { Deps } from "../services/kernel/context.ts";
import { isDatabaseReachable } from "../services/health.ts";

/**
 * Liveness says the process answers; readiness says it can reach its
 * database. Registered on the app itself: a sub-router would cost every
 * API request a detour.
 */
export function addHealthRoutes(app: express.Express, deps: Deps, isShuttingDown: () => boolean): void {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    if (isShuttingDown()) return void res.status(503).json({ status: "shutting_down" });
    if (await isDatabaseReachable(deps)) res.json({ status: "ready" });
    else res.status(503).json({ status: "database_unreachable" });
  });
}
