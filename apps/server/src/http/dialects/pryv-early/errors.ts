import type express from "express";
import type { Logger } from "../../../lib/logger.ts";
import { failureHandler, statusOf, type Failure } from "../../shared/failure.ts";
import { ERROR_IDS, ID_OF_REASON, ID_OF_STATUS, STATUS_OVERRIDES } from "./constants.ts";

/**
 * Failures as the early Pryv methods describe them: `{"error":{"id","message"}}`
 * with the document's ids (constants.ts), the statuses it gives them, and
 * no 409 or 422 (a 400).
 */
export function pryvEarlyErrorHandler(log: Logger): express.ErrorRequestHandler {
  return failureHandler(log, (res, failure) => sendPryvEarlyFailure(res, failure));
}

export function pryvEarlyFailureOf(failure: Failure): { status: number; body: { error: { id: string; message: string } } } {
  const status = statusOf(failure, STATUS_OVERRIDES);
  const id = (failure.reason && ID_OF_REASON[failure.reason]) || ID_OF_STATUS[status] || ERROR_IDS.unexpectedError;
  return { status, body: { error: { id, message: failure.detail } } };
}

export function sendPryvEarlyFailure(res: express.Response, failure: Failure): void {
  const { status, body } = pryvEarlyFailureOf(failure);
  res.status(status).json(body);
}
