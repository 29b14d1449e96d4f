import type { ErrorCode, FieldError, Problem } from "@steward/contracts/v1";

/** Any failure answered by the Steward API, with its problem details. */
export class StewardError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly problem: Problem | undefined;
  readonly fieldErrors: FieldError[];
  readonly requestId: string | undefined;

  constructor(status: number, body: unknown) {
    const problem = isProblem(body) ? body : undefined;
    super(problem?.detail ?? `Steward answered HTTP ${status}`);
    this.name = "StewardError";
    this.status = status;
    this.code = problem?.code ?? codeForStatus(status);
    this.problem = problem;
    this.fieldErrors = problem?.errors ?? [];
    this.requestId = problem?.requestId;
  }

  /** True for 401/403: sign in again or use a key with more permissions. */
  get isAuthError(): boolean {
    return this.status === 401 || this.status === 403;
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
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    422: "unprocessable_entity",
    429: "rate_limit_exceeded",
    503: "service_unavailable",
  };
  return byStatus[status] ?? "internal_server_error";
}
