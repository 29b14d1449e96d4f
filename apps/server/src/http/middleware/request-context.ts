import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "../../lib/logger.ts";
import type { PathRedactor } from "../shared/log-path.ts";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (kept from `X-Request-Id` when sane), answers
 * it in `X-Request-Id`, and logs the request once done.
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
      });
    });
    next();
  };
}
