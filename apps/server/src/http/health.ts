import express from "express";
import type { PrismaClient } from "@steward/db";

/** Liveness says the process answers; readiness says it can reach its database. */
export function healthRoutes(db: PrismaClient, isShuttingDown: () => boolean): express.Router {
  const router = express.Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    if (isShuttingDown()) return void res.status(503).json({ status: "shutting_down" });
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "database_unreachable" });
    }
  });
  return router;
}
