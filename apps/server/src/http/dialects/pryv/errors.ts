import type express from "express";
import type { FieldError } from "@steward/contracts";
import type { Logger } from "../../../lib/logger.ts";
import { WITHOUT_422_OR_410, failureHandler, statusOf, type Failure } from "../../shared/failure.ts";

/**
 * Failures as the real Pryv admin server answers them (reference/real/
 * pryv-config-leader): a refused body as plain text in its validator's
 * words, a refused sign-in and an unknown user as a bare JSON string, a bad
 * token and everything else as `{"error":{"message"}}`. No 422 or 410: a
 * 400 and a 404.
 */
export function pryvErrorHandler(log: Logger): express.ErrorRequestHandler {
  return failureHandler(log, (res, failure) => sendPryvFailure(res, failure));
}

export function sendPryvFailure(res: express.Response, failure: Failure): void {
  const status = statusOf(failure, WITHOUT_422_OR_410);
  if (status === 400) {
    res.status(400).type("text/plain").send(badRequestText(failure));
    return;
  }
  if (failure.reason === "bad_credentials") {
    res.status(401).json("Authentication failed");
    return;
  }
  if (failure.reason === "invalid_token" || failure.reason === "missing_token") {
    res.status(401).json({ error: { message: "Invalid token" } });
    return;
  }
  if (status === 404 && (failure.reason === "user_not_found" || failure.reason === "operator_not_found")) {
    res.status(404).json(`User ${usernameIn(res.req.path)} not found`);
    return;
  }
  res.status(status).json({ error: { message: failure.detail, ...(failure.reason ? { id: failure.reason } : {}) } });
}

/** `Error validating request body. "permissions.users[0]" must be one of [read, create].`, as Joi says it; Steward's own words otherwise. */
function badRequestText(failure: Failure): string {
  const [field] = failure.fields ?? [];
  if (failure.reason === "invalid_request" && field) {
    const [part, ...path] = field.path.split(".");
    return `Error validating request ${part}. "${joiPath(path)}" ${joiMessage(field)}.`;
  }
  if (failure.reason === "invalid_settings" && failure.fields?.length) {
    return `invalid-input: ${failure.fields.map((f) => `${f.path.replace(/^body\.?/, "") || "(document)"}: ${f.message}`).join("; ")}`;
  }
  return failure.detail;
}

const joiPath = (path: string[]) => path.map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : `${i ? "." : ""}${segment}`)).join("") || "value";

function joiMessage(field: FieldError): string {
  if (field.message === "Required") return "is required";
  const allowed = /^Invalid enum value\. Expected (.+), received/.exec(field.message)?.[1];
  if (allowed) return `must be one of [${allowed.split(" | ").map((v) => v.replace(/^'|'$/g, "")).join(", ")}]`;
  return field.message.charAt(0).toLowerCase() + field.message.slice(1);
}

/** The username a path names (`/users/alice/permissions`, `/platform-users/alice`). */
function usernameIn(path: string): string {
  const segment = path.split("/")[2] ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
