import type { ErrorRequestHandler, Response } from "express";
import { ZodError, type ZodIssue } from "zod";
import { ERROR_STATUS, type ErrorCode, type FieldError } from "@steward/contracts";
import { RequestValidationError } from "@ts-rest/express";
import type { Logger } from "../../lib/logger.ts";
import { databaseBusyOrUnavailable, ServiceError, type RateLimitState } from "../../services/kernel/errors.ts";

/**
 * Any failure, in Steward's error vocabulary: what every surface's error
 * mapper starts from before writing its own format.
 */
export interface Failure {
  code: ErrorCode;
  detail: string;
  /** Stable cause within the code (`user_not_found`, `last_admin`, ...). */
  reason?: string;
  fields?: FieldError[];
  retryAfterSeconds?: number;
  rateLimit?: RateLimitState;
}

/**
 * The one error handler shape of every surface: classifies the failure,
 * logs what deserves it (a database outage or a busy database as a warning,
 * a bug as an error, never request values), sets the retry headers, and
 * lets the surface write the answer in its own format.
 */
export function failureHandler(log: Logger, send: (res: Response, failure: Failure) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const failure = classify(err);
    // The path requestContext chose to log (secret segments replaced), never req.path itself.
    const path: unknown = res.locals.logPath;
    const traceId: unknown = res.locals.traceId;
    if (failure.code === "service_unavailable" && failure.reason === "database_unavailable") {
      log.warn("database unavailable", { requestId: res.locals.requestId, traceId, method: req.method, path, err });
    } else if (failure.code === "service_unavailable" && (failure.reason === "database_busy" || failure.reason === "write_conflict")) {
      // Load, not a fault: one line, no stack; the reason says which (no connection or transaction in time, lost races).
      log.warn("database busy", { requestId: res.locals.requestId, traceId, method: req.method, path, reason: failure.reason });
    } else if (failure.code === "internal_server_error") {
      log.error("unhandled error", { requestId: res.locals.requestId, traceId, method: req.method, path, err });
    }
    setRetryHeaders(res, failure.retryAfterSeconds, failure.rateLimit);
    res.locals.failureReason = failure.reason;
    send(res, failure);
  };
}

/**
 * The HTTP status a surface answers a failure with: Steward's, except where
 * the protocol it speaks has none for the code (Prosody and Pleroma have no
 * 422 or 410: a request they cannot act on is a 400, a spent invite a 404).
 */
export function statusOf(failure: Failure, overrides: Partial<Record<ErrorCode, number>> = {}): number {
  return overrides[failure.code] ?? ERROR_STATUS[failure.code];
}

/** Prosody's and Pleroma's statuses: no 422 (a 400), no 410 (a 404). */
export const WITHOUT_422_OR_410: Partial<Record<ErrorCode, number>> = { unprocessable_entity: 400, gone: 404 };

function classify(err: unknown): Failure {
  const error = databaseBusyOrUnavailable(err) ?? err;
  if (error instanceof ServiceError) {
    return {
      code: error.code,
      detail: error.message,
      reason: error.reason,
      fields: error.fields,
      retryAfterSeconds: error.retryAfterSeconds,
      rateLimit: error.rateLimit,
    };
  }
  if (error instanceof RequestValidationError) {
    const fields = validationFieldErrors(error);
    return {
      code: "bad_request",
      detail: `Invalid request: ${fields.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
      reason: "invalid_request",
      fields,
    };
  }
  return (
    parserError(error) ?? {
      code: "internal_server_error",
      detail: "Something went wrong on our side; the request id helps find it in the logs",
    }
  );
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
function parserError(err: unknown): Failure | null {
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (typeof e?.status !== "number") return null;
  if (err instanceof URIError && e.status === 400) {
    return { code: "bad_request", detail: "The path holds percent-encoding that is not UTF-8 text", reason: "malformed_path" };
  }
  // The body parser passes a decompression stream's own error on with only a 400 status.
  if (!e.type && e.status === 400 && isDecompressionError(err)) {
    return { code: "bad_request", detail: "The body cannot be decoded as its Content-Encoding says", reason: "malformed_body" };
  }
  if (!e.type) return null;
  switch (e.type) {
    case "entity.parse.failed":
      return { code: "bad_request", detail: "The body is not valid JSON", reason: "malformed_body" };
    case "entity.too.large":
      return { code: "payload_too_large", detail: "The body is too large", reason: "body_too_large" };
    case "encoding.unsupported":
    case "charset.unsupported":
      return { code: "unsupported_media_type", detail: e.message ?? "Unsupported encoding", reason: "unsupported_encoding" };
    default:
      return e.status < 500 ? { code: "bad_request", detail: e.message ?? "Bad request", reason: "malformed_request" } : null;
  }
}

/** zlib's and brotli's errors: a numeric `errno` and a `Z_…` or `ERR_…` code. */
function isDecompressionError(err: unknown): boolean {
  const e = err as { errno?: unknown; code?: unknown };
  return typeof e.errno === "number" && typeof e.code === "string" && /^(Z_|ERR_)/.test(e.code);
}
