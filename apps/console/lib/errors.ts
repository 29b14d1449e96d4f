import { StewardError } from "@steward/client";

export type FieldErrors = Record<string, string>;

/** Field errors from the API keyed by field name: `body.email` -> `email`, `body.tags.2` -> `tags`. */
export function fieldErrorsOf(error: unknown, location = "body"): FieldErrors {
  const out: FieldErrors = {};
  if (!(error instanceof StewardError)) return out;
  for (const fieldError of error.fieldErrors) {
    const parts = fieldError.path.split(".");
    if (parts[0] !== location || parts.length < 2) continue;
    const field = parts[1]!;
    const where = parts.length > 2 ? ` (item ${Number(parts[2]) + 1})` : "";
    out[field] = out[field] ? `${out[field]}; ${fieldError.message}${where}` : `${fieldError.message}${where}`;
  }
  return out;
}

/** A sentence for a person: the API's own message when there is one. */
export function messageOf(error: unknown): string {
  if (error instanceof StewardError) {
    if (error.problem) return error.problem.detail;
    if (error.status === 502 || error.status === 504) return "The Steward API cannot be reached right now.";
    return error.message;
  }
  if (error instanceof TypeError) return "The console cannot reach the network. Check your connection and try again.";
  return error instanceof Error ? error.message : String(error);
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof StewardError ? error.status : undefined;
}

/** The problem's machine-readable `reason` (`last_admin`, `resources_attached`), if the API gave one. */
export function reasonOf(error: unknown): string | undefined {
  return error instanceof StewardError ? error.problem?.reason : undefined;
}

/** The API's message about `field` when it refused the request for that field, else the error's own sentence. */
export function fieldMessageOf(error: unknown, field: string): string {
  return fieldErrorsOf(error)[field] ?? messageOf(error);
}
