import { z } from "zod";
import { WELL_FORMED_TEXT } from "./schemas.js";

/** How large free-form client data may be, as compact JSON in UTF-8. */
export const CLIENT_DATA_MAX_BYTES = 4096;
/** How deeply it may nest. */
export const CLIENT_DATA_MAX_DEPTH = 8;

/**
 * Why a value is not client data Steward keeps, or null when it is: a JSON
 * object, at most CLIENT_DATA_MAX_BYTES as compact JSON and
 * CLIENT_DATA_MAX_DEPTH deep, whose every key and string is well-formed
 * text (PostgreSQL's jsonb refuses NUL and lone surrogates: that must be a
 * 400 here, not a failure there).
 */
export function clientDataProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "Must be a JSON object";
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > CLIENT_DATA_MAX_BYTES) return `At most ${CLIENT_DATA_MAX_BYTES} bytes as JSON (this is ${bytes})`;
  const walk = (node: unknown, depth: number): string | null => {
    if (depth > CLIENT_DATA_MAX_DEPTH) return `At most ${CLIENT_DATA_MAX_DEPTH} levels deep`;
    if (typeof node === "string") return WELL_FORMED_TEXT.test(node) ? null : "Text must not contain NUL characters or unpaired surrogates";
    if (typeof node !== "object" || node === null) return null;
    for (const [key, child] of Object.entries(node)) {
      if (!WELL_FORMED_TEXT.test(key)) return "Keys must not contain NUL characters or unpaired surrogates";
      const problem = walk(child, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  return walk(value, 1);
}

export const ClientDataSchema = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    const problem = clientDataProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  })
  .describe(`Free-form data for the client's own use (a JSON object, at most ${CLIENT_DATA_MAX_BYTES} bytes and ${CLIENT_DATA_MAX_DEPTH} levels deep).`);
export type ClientData = z.infer<typeof ClientDataSchema>;
