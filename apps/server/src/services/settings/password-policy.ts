import { randomBytes } from "node:crypto";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import { hashPassword } from "../kernel/secrets.ts";
import { readPlatformSettings } from "./platform-settings.ts";

/**
 * The platform's password policy, applied by every use case that sets a
 * password (creating or changing a user, redeeming an invite, an operator
 * made), whatever surface called it: the same rule behind every door. Its
 * minimum and the common-password check come from the platform settings
 * document; a surface differs only where a named setting says so
 * (Pterodactyl's, for the Panel's short passwords). 422 `weak_password`
 * or `common_password`, naming the field.
 */
type PolicyContext = Pick<ServiceContext, "db" | "settings" | "meta">;

interface Policy {
  minLength: number;
  maxLength: number;
  rejectCommon: boolean;
}

async function policyFor(ctx: PolicyContext): Promise<Policy> {
  const { passwords } = await readPlatformSettings(ctx);
  return {
    minLength: ctx.settings.passwords.minLengthBySurface[ctx.meta.dialect] ?? passwords.minLength,
    maxLength: ctx.settings.passwords.maxLength,
    rejectCommon: passwords.rejectCommon,
  };
}

export async function assertPasswordPolicy(ctx: PolicyContext, password: string, field = "password"): Promise<void> {
  const { minLength, maxLength, rejectCommon } = await policyFor(ctx);
  // Characters as people count them (code points), not UTF-16 units.
  const length = [...password].length;
  if (length < minLength || password.length > maxLength) {
    const message = `Use ${minLength} to ${maxLength} characters`;
    throw new ServiceError("unprocessable_entity", message, {
      reason: "weak_password",
      fields: [{ path: `body.${field}`, message, code: length < minLength ? "too_short" : "too_long" }],
    });
  }
  if (rejectCommon && (await isCommonPassword(password))) {
    const message = "This password is on a list of common or breached passwords; choose another";
    throw new ServiceError("unprocessable_entity", message, { reason: "common_password", fields: [{ path: `body.${field}`, message, code: "common_password" }] });
  }
}

let commonPasswords: Promise<Set<string>> | undefined;
/**
 * On the zxcvbn-ts common list (about 49,000 passwords seen most in
 * breaches), regardless of case. Loaded on first use: most instances set
 * few passwords, and the list is 0.5 MB.
 */
export async function isCommonPassword(password: string): Promise<boolean> {
  commonPasswords ??= import("@zxcvbn-ts/language-common").then(({ dictionary }) => new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase())));
  return (await commonPasswords).has(password.toLowerCase());
}

/** A password a use case is about to set: checked against the policy, then hashed (argon2id, the settings' cost). */
export async function hashNewPassword(ctx: PolicyContext, password: string, field = "password"): Promise<string> {
  await assertPasswordPolicy(ctx, password, field);
  return hashPassword(password, ctx.settings.argon2);
}

/** Random bits in a generated password: far beyond guessing, online or off. */
const GENERATED_PASSWORD_BITS = 144;

/**
 * A password for someone else to be given (an operator's reset): from the
 * system's cryptographic random source, base64url (no characters a shell or
 * a form mangles), long enough for 144 bits and for the policy's minimum.
 */
export async function generatePassword(ctx: PolicyContext): Promise<string> {
  const length = Math.max(GENERATED_PASSWORD_BITS / 6, (await policyFor(ctx)).minLength);
  return randomBytes(Math.ceil((length * 6) / 8)).toString("base64url").slice(0, length);
}
