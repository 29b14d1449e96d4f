import type { ErrorRequestHandler, Response } from "express";
import { ERROR_STATUS, ERROR_TITLES, problemTypeUri, type ErrorCode, type FieldError, type Problem } from "@steward/contracts";
import type { Logger } from "../../lib/logger.ts";
import { failureHandler } from "./failure.ts";

export interface ProblemExtras {
  reason?: string;
  errors?: FieldError[];
}

/** Writes an RFC 9457 problem: Steward's own error format (/api/v1, and paths outside every surface). */
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

/** /api/v1's error mapper: every failure as problem+json. */
export function problemErrorHandler(log: Logger): ErrorRequestHandler {
  return failureHandler(log, (res, failure) =>
    sendProblem(res, failure.code, failure.detail, { reason: failure.reason, errors: failure.fields }),
  );
}
