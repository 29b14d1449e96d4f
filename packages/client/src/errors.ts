import type { ErrorCode, ErrorReason, FieldError, Problem } from "@steward/contracts/v1";
import { parseRetryAfter } from "./retry-after.js";

/** Any failure answered by the Steward API, with its problem details. */
export class StewardError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /**
   * The stable, machine-readable cause within `code` (`last_admin`,
   * `target_outranks_caller`, …), if the server gave one: switch on this,
   * not on the message. Known reasons complete in editors (`ErrorReason`);
   * a reason added by a newer server is still a string.
   */
  readonly reason: ErrorReason | (string & {}) | undefined;
  readonly problem: Problem | undefined;
  readonly fieldErrors: FieldError[];
  readonly requestId: string | undefined;
  /** The answer's `Retry-After`, in seconds (a 429 or a 503 says when to try again). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: unknown, headers?: Headers) {
    const problem = isProblem(body) ? body : undefined;
    super(problem?.detail ?? `Steward answered HTTP ${status}`);
    this.name = "StewardError";
    this.status = status;
    this.code = problem?.code ?? codeForStatus(status);
    this.reason = problem?.reason;
    this.problem = problem;
    this.fieldErrors = problem?.errors ?? [];
    this.requestId = problem?.requestId ?? headers?.get("x-request-id") ?? undefined;
    const retryAfterMs = parseRetryAfter(headers?.get("retry-after"));
    this.retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
  }

  /** True for 401/403: sign in again or use a key with more permissions. */
  get isAuthError(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/**
 * A request that got no whole answer within the client's (or the call's)
 * `timeout`: it was aborted. Whether the server did the work is unknown: a
 * POST is safe to send again only with the same `idempotencyKey`.
 */
export class StewardTimeoutError extends Error {
  readonly timeoutMs: number;
  readonly method: string;
  readonly url: string;

  constructor(timeoutMs: number, method: string, url: string) {
    super(`${method} ${url} got no answer within ${timeoutMs} ms`);
    this.name = "TimeoutError";
    this.timeoutMs = timeoutMs;
    this.method = method;
    this.url = url;
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === "object" && body !== null && "code" in body && "status" in body && "detail" in body;
}

function codeForStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable_entity",
    429: "rate_limit_exceeded",
    503: "service_unavailable",
  };
  return byStatus[status] ?? "internal_server_error";
}
