import { z } from "zod";

/**
 * Steward's one error vocabulary. Every failure answered by `/api/v1` carries
 * one of these codes; the HTTP status follows from the code alone.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_entity: 422,
  rate_limit_exceeded: 429,
  internal_server_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const errorCodes = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const ERROR_TITLES: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  gone: "Gone",
  precondition_failed: "Precondition failed",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  unprocessable_entity: "Unprocessable entity",
  rate_limit_exceeded: "Rate limit exceeded",
  internal_server_error: "Internal server error",
  service_unavailable: "Service unavailable",
};

export const FieldErrorSchema = z
  .object({
    path: z.string().describe("Where the problem is, as a dotted path (`body.email`, `query.limit`)."),
    message: z.string().describe("What is wrong with the value, for a person."),
    code: z.string().describe("Machine-readable reason, e.g. `invalid_type`, `too_big`, `unrecognized_keys`."),
  })
  .describe("One invalid field.");

/** RFC 9457 problem details, with Steward's `code` and field errors. */
export const ProblemSchema = z
  .object({
    type: z.string().describe("URI naming the problem type."),
    title: z.string().describe("Short summary of the problem type."),
    status: z.number().int().describe("HTTP status code."),
    code: z.enum(errorCodes).describe("Steward error code; one per problem type."),
    detail: z.string().describe("What went wrong in this request, for a person."),
    reason: z
      .string()
      .optional()
      .describe("Stable, machine-readable cause within the code, e.g. `last_admin` or `target_outranks_caller`; switch on this, not on `detail`."),
    instance: z.string().optional().describe("The request path."),
    requestId: z.string().optional().describe("The request id, also sent as `X-Request-Id`."),
    errors: z.array(FieldErrorSchema).optional().describe("Field-level validation failures."),
  })
  .describe("An error, as `application/problem+json` (RFC 9457).");

export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const problemTypeUri = (code: ErrorCode) => `https://steward.dev/problems/${code.replace(/_/g, "-")}`;
