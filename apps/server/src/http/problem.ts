import type { ErrorRequestHandler, Response } from "express";
import { ZodError, type ZodIssue } from "zod";
import { ERROR_STATUS, ERROR_TITLES, problemTypeUri, type ErrorCode, type FieldError, type Problem } from "@steward/contracts";
import { RequestValidationError } from "@ts-rest/express";
import { ServiceError } from "../services/errors.ts";
import type { Logger } from "../lib/logger.ts";

/** Writes an RFC 9457 problem for /api/v1. */
export function sendProblem(res: Response, code: ErrorCode, detail: string, errors?: FieldError[]): void {
  const req = res.req;
  const problem: Problem = {
    type: problemTypeUri(code),
    title: ERROR_TITLES[code],
    status: ERROR_STATUS[code],
    code,
    detail,
    instance: req.originalUrl.split("?")[0],
    requestId: res.locals.requestId,
    ...(errors?.length ? { errors } : {}),
  };
  res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
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

/** Body-parser failures carry an HTTP status and a `type`; map them to our codes. */
function parserError(err: unknown): { code: ErrorCode; detail: string } | null {
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (typeof e?.status !== "number" || !e.type) return null;
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

/**
 * Turns any error into a problem+json answer. Known failures keep their code;
 * anything else is logged and answered as a bare 500 with no internals.
 */
export function problemErrorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ServiceError) return sendProblem(res, err.code, err.message, err.fields);
    if (err instanceof RequestValidationError) {
      const errors = validationFieldErrors(err);
      return sendProblem(res, "bad_request", `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`, errors);
    }
    const parsed = parserError(err);
    if (parsed) return sendProblem(res, parsed.code, parsed.detail);
    log.error("unhandled error", { requestId: res.locals.requestId, method: req.method, path: req.path, err });
    sendProblem(res, "internal_server_error", "Something went wrong on our side; the request id helps find it in the logs");
  };
}
