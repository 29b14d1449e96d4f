import type express from "express";
import type { ErrorCode, FieldError, PterodactylError } from "@steward/contracts";
import type { Logger } from "../../../lib/logger.ts";
import { failureHandler, statusOf, type Failure } from "../../shared/failure.ts";

/** Every failure, as the Panel answers it: `{"errors": [{code, status, detail, meta?}]}`, validation failures 422 one per field. */
export function panelErrorHandler(log: Logger): express.ErrorRequestHandler {
  return failureHandler(log, (res, failure) => {
    const { status, errors } = panelErrors(failure);
    sendPanelErrors(res, status, errors);
  });
}

export interface PanelError {
  code: string;
  detail: string;
  meta?: { source_field: string; rule: string };
}

/** The Panel's exception names, by Steward's code. */
const CODES: Record<ErrorCode, string> = {
  bad_request: "BadRequestHttpException",
  unauthorized: "AuthenticationException",
  forbidden: "AccessDeniedHttpException",
  not_found: "NotFoundHttpException",
  method_not_allowed: "MethodNotAllowedHttpException",
  conflict: "ConflictHttpException",
  gone: "NotFoundHttpException",
  precondition_failed: "PreconditionFailedHttpException",
  payload_too_large: "PayloadTooLargeHttpException",
  unsupported_media_type: "UnsupportedMediaTypeHttpException",
  unprocessable_entity: "ValidationException",
  rate_limit_exceeded: "TooManyRequestsHttpException",
  internal_server_error: "HttpException",
  service_unavailable: "ServiceUnavailableHttpException",
};

/** The Panel's own words where its clients may see them. */
const DETAILS: Partial<Record<ErrorCode, string>> = {
  unauthorized: "Unauthenticated.",
  not_found: "The requested resource could not be found on the server.",
};
const REASON_DETAILS: Record<string, string> = {
  missing_permission: "This action is unauthorized.",
  resources_attached: "Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.",
};

/** Statuses the Panel gives where Steward's differ: resources in the way of a deletion are its 400. */
const REASON_STATUS: Record<string, number> = { resources_attached: 400 };

function panelErrors(failure: Failure): { status: number; errors: PanelError[] } {
  const fields = failure.fields ?? [];
  // A request the contract refused, a taken username, email or external id, or a field a use case refused (a weak password): the Panel's 422, one entry per field.
  if ((failure.reason === "invalid_request" || failure.code === "conflict" || failure.code === "unprocessable_entity") && fields.some(inBody)) {
    return { status: 422, errors: firstPerField(fields.filter(inBody)).map(validationError) };
  }
  if (failure.reason === "invalid_request") {
    const query = fields.find((field) => field.path.startsWith("query."));
    if (query?.path.startsWith("query.filter")) return { status: 400, errors: [{ code: "InvalidFilterQuery", detail: `Requested filter is not allowed (${query.message}). Allowed filter(s) are \`email, uuid, username, external_id\`.` }] };
    if (query?.path.startsWith("query.sort")) return { status: 400, errors: [{ code: "InvalidSortQuery", detail: "Requested sort is not allowed. Allowed sort(s) are `id, uuid`." }] };
  }
  const status = (failure.reason ? REASON_STATUS[failure.reason] : undefined) ?? statusOf(failure);
  const code = failure.reason === "resources_attached" ? "DisplayException" : CODES[failure.code];
  const detail = (failure.reason && REASON_DETAILS[failure.reason]) ?? DETAILS[failure.code] ?? failure.detail;
  return { status, errors: [{ code, detail }] };
}

const inBody = (field: FieldError) => field.path.startsWith("body.");

/** Laravel reports a field's first failure in these rules; later issues of the same field are dropped. */
function firstPerField(fields: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return fields.filter((field) => {
    const name = fieldName(field);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/** Steward's field names back to the Panel's (`body.externalId` → `external_id`). */
function fieldName(field: FieldError): string {
  const name = field.path.replace(/^body\./, "").split(".")[0]!;
  return { externalId: "external_id", firstName: "first_name", lastName: "last_name", rootAdmin: "root_admin" }[name] ?? name;
}

/** How the Panel's messages name a field. */
const ATTRIBUTES: Record<string, string> = {
  first_name: "first name",
  last_name: "last name",
  external_id: "Third Party Identifier",
  root_admin: "Root Administrator Status",
};
/** Longest accepted value of each field, for the `between` message. */
const MAX_LENGTH: Record<string, number> = { email: 191, username: 64, first_name: 100, last_name: 100, external_id: 191, language: 35, password: 256 };

/** One failed field as the Panel reports it: Laravel's rule name and message. */
function validationError(field: FieldError): PanelError {
  const name = fieldName(field);
  const attribute = ATTRIBUTES[name] ?? name;
  const [rule, detail] = ((): [string, string] => {
    if (field.code === "taken") return ["unique", `The ${attribute} has already been taken.`];
    if (field.code === "invalid_type" && field.message === "Required") return ["required", `The ${attribute} field is required.`];
    if (field.code === "too_small" || field.code === "too_big") return ["between", `The ${attribute} must be between 1 and ${MAX_LENGTH[name] ?? 191} characters.`];
    // The platform's password policy (password-policy.ts), as Laravel's `min` rule says it.
    if (field.code === "too_short") return ["min", `The ${attribute} must be at least ${/\d+/.exec(field.message)?.[0] ?? "8"} characters.`];
    if (field.code === "invalid_string" && field.message === "p_username") {
      return ["p_username", `The ${attribute} must start and end with alpha-numeric characters and contain only letters, numbers, dashes, underscores, and periods.`];
    }
    if (field.code === "invalid_string" && name === "email") return ["email", `The ${attribute} must be a valid email address.`];
    if (name === "root_admin") return ["boolean", `The ${attribute} field must be true or false.`];
    return ["string", `The ${attribute} must be a string.`];
  })();
  return { code: "ValidationException", detail, meta: { source_field: name, rule } };
}

export function sendPanelErrors(res: express.Response, status: number, errors: PanelError[]): void {
  const body: PterodactylError = { errors: errors.map((error) => ({ code: error.code, status: String(status), detail: error.detail, ...(error.meta ? { meta: error.meta } : {}) })) };
  res.status(status).json(body);
}
