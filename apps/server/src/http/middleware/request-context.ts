import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "../../lib/logger.ts";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (kept from `X-Request-Id` when sane), answers
 * it in `X-Request-Id`, and logs the request once done.
 */
export function requestContext(log: Logger): RequestHandler {
  const logRequests = log.enabled("info");
  return (req, res, next) => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    if (!logRequests) return next();
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      // Paths only: query strings may hold emails or tokens.
      log.info("request", {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        ip: req.ip,
      });
    });
    next();
  };
}
