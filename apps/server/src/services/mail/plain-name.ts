import { PlainNameSchema } from "@steward/contracts";
import { ServiceError } from "../kernel/errors.ts";

/**
 * The name a mail greets someone by, as the use case takes it: one line of
 * plain text (PlainNameSchema, the rule the contracts check at the door, so it
 * is written once), trimmed. Any caller, whatever its surface, gets a 400
 * `invalid_name` on `body.name` for a name that could add lines or hide text
 * in the mail (security issue 14, finding 7).
 */
export function plainName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const parsed = PlainNameSchema.safeParse(name);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "Invalid name";
  throw new ServiceError("bad_request", `Invalid name: ${message}`, {
    reason: "invalid_name",
    fields: [{ path: "body.name", message, code: "invalid_name" }],
  });
}
