import type express from "express";
import type { PleromaError } from "@steward/contracts";
import type { Logger } from "../../../lib/logger.ts";
import { WITHOUT_422_OR_410, failureHandler, statusOf, type Failure } from "../../shared/failure.ts";

/** Every failure, as Pleroma answers it: `{"error": "..."}`, in its words where its clients look, with its statuses (no 422 or 410). */
export function pleromaErrors(log: Logger): express.ErrorRequestHandler {
  return failureHandler(log, (res, failure) => sendPleromaError(res, statusOf(failure, WITHOUT_422_OR_410), pleromaMessage(failure)));
}

/**
 * Pleroma's own words where its clients may look for them; Steward's
 * message otherwise. Reasons, never message text, decide.
 */
const MESSAGES: Record<string, string> = {
  user_not_found: "Not found",
  invite_not_found: "Not found",
  relay_not_found: "Not found",
  missing_token: "Invalid credentials.",
  invalid_token: "Invalid credentials.",
  missing_role: "User is not admin.",
  // Pleroma 1.0 refuses any self-revocation with these words; Steward only that of one's admin role.
  self_admin_revoke: "You can't revoke your own admin status.",
  username_taken: "nickname has already been taken",
};

function pleromaMessage(failure: Failure): string {
  return (failure.reason && MESSAGES[failure.reason]) ?? failure.detail;
}

export function sendPleromaError(res: express.Response, status: number, error: string): void {
  const body: PleromaError = { error };
  res.status(status).json(body);
}
