import type express from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { grants } from "@steward/contracts";
import { authenticate } from "../services/auth/authenticate.ts";
import type { Deps } from "../services/kernel/context.ts";
import { outboxDepth } from "../services/mail/outbox-depth.ts";
import { bearerToken } from "./middleware/authorize.ts";
import { sendProblem } from "./shared/problem.ts";

/** What a failure's reason says of a sign-in: refusals counted by why. */
const SIGN_IN_REFUSALS = new Set(["bad_credentials", "invalid_mfa_code", "login_rate_limited"]);

export interface MetricsSources {
  /** The PostgreSQL pool; null on the embedded database. */
  poolStats(): { total: number; idle: number; waiting: number; max: number } | null;
}

/**
 * Prometheus metrics (prom-client), when STEWARD_METRICS=on: requests and
 * their latency by surface, route (the route's pattern, never a concrete
 * path: ids would explode the series) and status; the database pool; the
 * mail outbox's depth; sign-in refusals by reason; the process's own.
 * `GET /metrics` needs a token holding `metrics:read` (an API key for the
 * scraper), so it can be reached through any proxy without exposing it.
 */
export function metrics(deps: Deps, sources: MetricsSources): { record: express.RequestHandler; route: express.RequestHandler } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "steward_" });
  const requests = new Counter({ name: "steward_http_requests_total", help: "HTTP requests answered", labelNames: ["surface", "method", "route", "status"], registers: [registry] });
  const latency = new Histogram({
    name: "steward_http_request_duration_seconds",
    help: "Time to answer an HTTP request",
    labelNames: ["surface", "method", "route"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const refusals = new Counter({ name: "steward_sign_in_refusals_total", help: "Sign-ins refused, by reason", labelNames: ["surface", "reason"], registers: [registry] });
  new Gauge({
    name: "steward_db_pool_connections",
    help: "PostgreSQL pool connections by state (absent on the embedded database)",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const stats = sources.poolStats();
      if (!stats) return;
      this.set({ state: "total" }, stats.total);
      this.set({ state: "idle" }, stats.idle);
      this.set({ state: "waiting" }, stats.waiting);
      this.set({ state: "max" }, stats.max);
    },
  });
  new Gauge({
    name: "steward_mail_outbox_messages",
    help: "Outbox messages waiting to be sent (pending) and failed for good",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const depth = await outboxDepth(deps);
      this.set({ status: "pending" }, depth.pending);
      this.set({ status: "failed" }, depth.failed);
    },
  });

  const record: express.RequestHandler = (req, res, next) => {
    const stop = latency.startTimer();
    res.once("finish", () => {
      const surface = String(res.locals.surface ?? "none");
      const route = req.route?.path ? `${res.locals.surfaceBase ?? ""}${String(req.route.path)}` : "unmatched";
      stop({ surface, method: req.method, route });
      requests.inc({ surface, method: req.method, route, status: String(res.statusCode) });
      const reason = res.locals.failureReason as string | undefined;
      if (reason && SIGN_IN_REFUSALS.has(reason)) refusals.inc({ surface, reason });
    });
    next();
  };

  const route: express.RequestHandler = (req, res, next) => {
    void (async () => {
      const token = bearerToken(req);
      const caller = token ? await authenticate(deps, token, { ip: req.ip ?? null }) : null;
      if (!caller) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="steward"');
        return sendProblem(res, "unauthorized", "Send a token holding metrics:read as `Authorization: Bearer <token>`", { reason: token ? "invalid_token" : "missing_token" });
      }
      if (!grants(caller.actor.permissions, "metrics:read")) return sendProblem(res, "forbidden", "This needs the permission metrics:read", { reason: "missing_permission" });
      res.setHeader("Content-Type", registry.contentType);
      res.setHeader("Cache-Control", "no-store");
      res.end(await registry.metrics());
    })().catch(next);
  };
  return { record, route };
}
