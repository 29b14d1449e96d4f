import express from "express";
import type { PrismaClient } from "@steward/db";

/**
 * Liveness says the process answers; readiness says it can reach its
 * database. Registered on the app itself: a sub-router would cost every
 * API request a detour.
 */
export function addHealthRoutes(app: express.Express, db: PrismaClient, isShuttingDown: () => boolean): void {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    if (isShuttingDown()) return void res.status(503).json({ status: "shutting_down" });
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "database_unreachable" });
    }
  });
}
