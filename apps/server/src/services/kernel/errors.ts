import type { ErrorCode, FieldError } from "@steward/contracts";
import { isDatabaseBusy, isDatabaseUnavailable, isWriteConflict } from "@steward/db";

/** A rate limit as it stood when a request was counted; surfaces turn it into headers. */
export interface RateLimitState {
  /** Name of the policy, e.g. `login-address`. */
  policy: string;
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  /** Length of the window in seconds. */
  windowSeconds: number;
}

export interface ServiceErrorOptions {
  /**
   * Stable, machine-readable cause (`last_admin`, `target_outranks_caller`,
   * ...). Surfaces switch on it; they never parse messages.
   */
  reason?: string;
  fields?: FieldError[];
  /** When retrying can succeed; answered as `Retry-After`. */
  retryAfterSeconds?: number;
  rateLimit?: RateLimitState;
}

/**
 * A failure a service reports on purpose. HTTP layers turn it into their own
 * format: problem+json for /api/v1, each dialect's shape for the others.
 */
export class ServiceError extends Error {
  readonly reason: string | undefined;
  readonly fields: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly rateLimit: RateLimitState | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ServiceErrorOptions = {},
  ) {
    super(message);
    this.name = "ServiceError";
    this.reason = options.reason;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.rateLimit = options.rateLimit;
  }
}

/** A 404 whose reason names what was missing: `notFound("API key")` has reason `api_key_not_found`. */
export const notFound = (what: string, reason = `${what.toLowerCase().replace(/\W+/g, "_")}_not_found`) =>
  new ServiceError("not_found", `${what} not found`, { reason });
export const conflict = (message: string, reason: string) => new ServiceError("conflict", message, { reason });
export const forbidden = (message: string, reason: string) => new ServiceError("forbidden", message, { reason });

/** How long a client is asked to wait before retrying while the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;
/** How long a client is asked to wait before retrying while the database is busy (a full pool, transactions queued). */
const BUSY_RETRY_AFTER_SECONDS = 2;

/**
 * The 503 a surface answers when a failure means the database is unreachable
 * or going away, or too busy (not that the request is wrong); null for any
 * other failure. Its reason says which:
 * - `write_conflict`: a transaction lost every retry to concurrent ones
 *   over the same rows (mutate);
 * - `database_busy`: no connection came free, or the transaction could not
 *   start, in time (DATABASE_CONNECT_TIMEOUT), or it ran past its time and
 *   was rolled back;
 * - `database_unavailable`: the database cannot be reached or is going away.
 * The first two leave nothing written (mutate's transaction never started,
 * or was rolled back whole), so the same request may be sent again.
 */
export function databaseBusyOrUnavailable(error: unknown): ServiceError | null {
  if (isWriteConflict(error)) {
    return new ServiceError("service_unavailable", "Too many changes to the same data at once; retry shortly", {
      reason: "write_conflict",
      retryAfterSeconds: 1,
    });
  }
  if (isDatabaseBusy(error)) {
    return new ServiceError("service_unavailable", "The database is too busy right now; retry shortly", {
      reason: "database_busy",
      retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
    });
  }
  if (!isDatabaseUnavailable(error)) return null;
  return new ServiceError("service_unavailable", "The database is unreachable right now; retry shortly", {
    reason: "database_unavailable",
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}
