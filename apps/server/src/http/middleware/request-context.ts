import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "../../lib/logger.ts";
import type { PathRedactor } from "../shared/log-path.ts";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** W3C Trace Context, version 00: `00-<trace id>-<parent id>-<flags>`, ids not all zeros. */
const TRACEPARENT = /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The trace a request belongs to, from its `traceparent` header; null when it has none, or a malformed one (ignored, as the spec says). */
export function traceOf(header: string | undefined): { traceId: string; parentId: string } | null {
  const match = header ? TRACEPARENT.exec(header.trim()) : null;
  return match ? { traceId: match[1]!, parentId: match[2]! } : null;
}

/**
 * Gives every request an id (kept from `X-Request-Id` when sane), answers
 * it in `X-Request-Id`, and logs the request once done, with the trace it
 * belongs to when a W3C `traceparent` names one (so a request is found by
 * the trace id a tracing system shows).
 *
 * The path it is logged under is decided here, before anything can fail:
 * the request's path with the segments its route declares secret replaced
 * by their names (see log-path.ts), kept in `res.locals.logPath` for every
 * other line about the request (the failure handler's).
 */
export function requestContext(log: Logger, paths?: PathRedactor): RequestHandler {
  const logRequests = log.enabled("info");
  return (req, res, next) => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    const trace = traceOf(req.get("traceparent"));
    if (trace) res.locals.traceId = trace.traceId;
    // Paths only: query strings may hold emails or tokens.
    const path = paths ? paths.redact(req.path) : req.path;
    res.locals.logPath = path;
    res.setHeader("X-Request-Id", requestId);
    if (!logRequests) return next();
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      log.info("request", {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        ip: req.ip,
        ...(trace ? { traceId: trace.traceId, parentSpanId: trace.parentId } : {}),
      });
    });
    next();
  };
}
