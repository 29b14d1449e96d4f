import { ProblemSchema } from "../common/errors.js";

// Every route lists every status it can answer; these are the shared ones.
export const problem = ProblemSchema;
export const authErrors = { 401: ProblemSchema, 403: ProblemSchema } as const;
export const inputErrors = { 400: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema } as const;
/** Every route reads the database, if only to authenticate: 503 (with Retry-After) while it is unreachable. */
export const unavailableErrors = { 503: ProblemSchema } as const;
export const commonErrors = { ...authErrors, ...inputErrors, 429: ProblemSchema, ...unavailableErrors } as const;
