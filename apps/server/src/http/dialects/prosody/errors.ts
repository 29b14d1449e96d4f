import type express from "express";
import type { ErrorCode, ProsodyError } from "@steward/contracts";
import type { Logger } from "../../../lib/logger.ts";
import { WITHOUT_422_OR_410, failureHandler, statusOf, type Failure } from "../../shared/failure.ts";

/** Every failure, as Prosody answers it: `{error, text}` with Prosody's condition, and its statuses (no 422 or 410). */
export function prosodyErrors(log: Logger): express.ErrorRequestHandler {
  return failureHandler(log, (res, failure) => sendProsodyError(res, statusOf(failure, WITHOUT_422_OR_410), prosodyCondition(failure), failure.detail));
}

/** Prosody's error conditions (util.error / XMPP stanza errors), by Steward's code. */
const CONDITIONS: Record<ErrorCode, string> = {
  bad_request: "bad-request",
  unauthorized: "not-authorized",
  forbidden: "forbidden",
  not_found: "item-not-found",
  method_not_allowed: "not-allowed",
  conflict: "conflict",
  gone: "item-not-found",
  precondition_failed: "unexpected-request",
  payload_too_large: "policy-violation",
  unsupported_media_type: "bad-request",
  unprocessable_entity: "bad-request",
  rate_limit_exceeded: "resource-constraint",
  internal_server_error: "internal-server-error",
  service_unavailable: "service-unavailable",
};

/** The reasons Prosody names itself (`user-not-found`, `group-not-found`); others by code. */
const NAMED_REASONS = new Set(["user_not_found", "group_not_found"]);

function prosodyCondition(failure: Failure): string {
  return failure.reason && NAMED_REASONS.has(failure.reason) ? failure.reason.replace(/_/g, "-") : CONDITIONS[failure.code];
}

export function sendProsodyError(res: express.Response, status: number, error: string, text: string): void {
  const body: ProsodyError = { error, text };
  res.status(status).json(body);
}
