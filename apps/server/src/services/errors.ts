import type { ErrorCode } from "@steward/contracts";

/**
 * A failure a service reports on purpose. HTTP layers turn it into their own
 * format: problem+json for /api/v1, each dialect's shape for the others.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: { path: string; message: string; code: string }[],
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const notFound = (what: string) => new ServiceError("not_found", `${what} not found`);
export const conflict = (message: string) => new ServiceError("conflict", message);
export const badRequest = (message: string) => new ServiceError("bad_request", message);
export const forbidden = (message: string) => new ServiceError("forbidden", message);
