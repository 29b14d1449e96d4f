import type { ErrorRequestHandler, Response } from "express";
import { ZodError, type ZodIssue } from "zod";
import { ERROR_STATUS, ERROR_TITLES, problemTypeUri, type ErrorCode, type FieldError, type Problem } from "@steward/contracts";
import { RequestValidationError } from "@ts-rest/express";
import { databaseUnavailable, ServiceError, type RateLimitState } from "../services/kernel/errors.ts";
import type { Logger } from "../lib/logger.ts";

export interface ProblemExtras {
  reason?: string;
  errors?: FieldError[];
}

/** Writes an RFC 9457 problem for /api/v1. */
export function sendProblem(res: Response, code: ErrorCode, detail: string, extras: ProblemExtras = {}): void {
  const req = res.req;
  const problem: Problem = {
    type: problemTypeUri(code),
    title: ERROR_TITLES[code],
    status: ERROR_STATUS[code],
    code,
    detail,
    ...(extras.reason ? { reason: extras.reason } : {}),
    instance: req.originalUrl.split("?")[0],
    requestId: res.locals.requestId,
    ...(extras.errors?.length ? { errors: extras.errors } : {}),
  };
  res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
}

/**
 * `Retry-After` (RFC 9110) and the IETF RateLimit fields
 * (draft-ietf-httpapi-ratelimit-headers): the policy and what is left of it.
 */
export function setRetryHeaders(res: Response, retryAfterSeconds: number | undefined, rateLimit: RateLimitState | undefined): void {
  if (retryAfterSeconds !== undefined) res.setHeader("Retry-After", String(Math.max(1, Math.ceil(retryAfterSeconds))));
  if (rateLimit) {
    res.setHeader("RateLimit-Policy", `"${rateLimit.policy}";q=${rateLimit.limit};w=${rateLimit.windowSeconds}`);
    res.setHeader("RateLimit", `"${rateLimit.policy}";r=${Math.max(0, rateLimit.remaining)};t=${Math.max(0, Math.ceil(rateLimit.resetSeconds))}`);
  }
}

export function zodFieldErrors(location: string, error: ZodError): FieldError[] {
  return error.issues.map((issue: ZodIssue) => ({
    path: [location, ...issue.path].join("."),
    message: issue.code === "unrecognized_keys" ? `Unknown field(s): ${issue.keys.join(", ")}` : issue.message,
    code: issue.code,
  }));
}

export function validationFieldErrors(err: RequestValidationError): FieldError[] {
  return [
    ...(err.pathParams ? zodFieldErrors("path", err.pathParams) : []),
    ...(err.headers ? zodFieldErrors("header", err.headers) : []),
    ...(err.query ? zodFieldErrors("query", err.query) : []),
    ...(err.body ? zodFieldErrors("body", err.body) : []),
  ];
}

/**
 * Failures of reading the request itself, before any handler: the router's
 * (a path parameter whose percent-encoding decodes to no text) and the body
 * parser's, which carry an HTTP status and usually a `type`; mapped to our codes.
 */
function parserError(err: unknown): { code: ErrorCode; detail: string } | null {
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (typeof e?.status !== "number") return null;
  if (err instanceof URIError && e.status === 400) {
    return { code: "bad_request", detail: "The path holds percent-encoding that is not UTF-8 text" };
  }
  // The body parser passes a decompression stream's own error on with only a 400 status.
  if (!e.type && e.status === 400 && isDecompressionError(err)) {
    return { code: "bad_request", detail: "The body cannot be decoded as its Content-Encoding says" };
  }
  if (!e.type) return null;
  switch (e.type) {
    case "entity.parse.failed":
      return { code: "bad_request", detail: "The body is not valid JSON" };
    case "entity.too.large":
      return { code: "payload_too_large", detail: "The body is too large" };
    case "encoding.unsupported":
    case "charset.unsupported":
      return { code: "unsupported_media_type", detail: e.message ?? "Unsupported encoding" };
    default:
      return e.status < 500 ? { code: "bad_request", detail: e.message ?? "Bad request" } : null;
  }
}

/** zlib's and brotli's errors: a numeric `errno` and a `Z_…` or `ERR_…` code. */
function isDecompressionError(err: unknown): boolean {
  const e = err as { errno?: unknown; code?: unknown };
  return typeof e.errno === "number" && typeof e.code === "string" && /^(Z_|ERR_)/.test(e.code);
}

/**
 * Turns any error into a problem+json answer. Known failures keep their code;
 * anything else is logged and answered as a bare 500 with no internals.
 */
export function problemErrorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const unavailable = databaseUnavailable(err);
    if (unavailable) {
      // An outage, not a bug: a warning, and the client gets the 503 (with Retry-After) below.
      log.warn("database unavailable", { requestId: res.locals.requestId, method: req.method, path: req.path, err });
      err = unavailable;
    }
    if (err instanceof ServiceError) {
      setRetryHeaders(res, err.retryAfterSeconds, err.rateLimit);
      return sendProblem(res, err.code, err.message, { reason: err.reason, errors: err.fields });
    }
    if (err instanceof RequestValidationError) {
      const errors = validationFieldErrors(err);
      return sendProblem(res, "bad_request", `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`, {
        reason: "invalid_request",
        errors,
      });
    }
    const parsed = parserError(err);
    if (parsed) return sendProblem(res, parsed.code, parsed.detail);
    log.error("unhandled error", { requestId: res.locals.requestId, method: req.method, path: req.path, err });
    sendProblem(res, "internal_server_error", "Something went wrong on our side; the request id helps find it in the logs");
  };
}
