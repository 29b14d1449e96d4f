import { randomBytes } from "node:crypto";
import type { ServiceContext } from "./context.ts";
import { ServiceError } from "./errors.ts";
import { hashPassword } from "./secrets.ts";

/**
 * The platform's password policy, applied by every use case that sets a
 * password (creating or changing a user, redeeming an invite), whatever
 * surface called it: the same rule behind every door. Its numbers come from
 * `ctx.settings.passwords`; a surface differs only where a named setting
 * says so (Pterodactyl's, for the Panel's short passwords). 422
 * `weak_password` naming the field.
 */
export function assertPasswordPolicy(ctx: Pick<ServiceContext, "settings" | "meta">, password: string, field = "password"): void {
  const policy = ctx.settings.passwords;
  const minLength = minLengthFor(ctx);
  // Characters as people count them (code points), not UTF-16 units.
  const length = [...password].length;
  if (length >= minLength && password.length <= policy.maxLength) return;
  const message = `Use ${minLength} to ${policy.maxLength} characters`;
  throw new ServiceError("unprocessable_entity", message, {
    reason: "weak_password",
    fields: [{ path: `body.${field}`, message, code: length < minLength ? "too_short" : "too_long" }],
  });
}

/** The shortest password the surface the request came through takes. */
function minLengthFor(ctx: Pick<ServiceContext, "settings" | "meta">): number {
  return ctx.settings.passwords.minLengthBySurface[ctx.meta.dialect] ?? ctx.settings.passwords.minLength;
}

/** A password a use case is about to set: checked against the policy, then hashed (argon2id, the settings' cost). */
export async function hashNewPassword(ctx: Pick<ServiceContext, "settings" | "meta">, password: string, field = "password"): Promise<string> {
  assertPasswordPolicy(ctx, password, field);
  return hashPassword(password, ctx.settings.argon2);
}

/** Random bits in a generated password: far beyond guessing, online or off. */
const GENERATED_PASSWORD_BITS = 144;

/**
 * A password for someone else to be given (an operator's reset): from the
 * system's cryptographic random source, base64url (no characters a shell or
 * a form mangles), long enough for 144 bits and for the policy's minimum.
 */
export function generatePassword(ctx: Pick<ServiceContext, "settings" | "meta">): string {
  const length = Math.max(GENERATED_PASSWORD_BITS / 6, minLengthFor(ctx));
  return randomBytes(Math.ceil((length * 6) / 8)).toString("base64url").slice(0, length);
}
