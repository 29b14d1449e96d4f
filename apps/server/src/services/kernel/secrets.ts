import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { verifyStoredHash } from "./foreign-hashes.ts";
import type { Argon2Params } from "./settings.ts";

/** `Algorithm.Argon2id`; the package exports it as a const enum, which isolated modules cannot read. */
const ARGON2ID = 2;

/** Secrets carry a prefix that says what they are, so a lookup hits one table (invite tokens are no bearer tokens). */
export const TOKEN_PREFIX = { session: "sts_", apiKey: "stk_", invite: "sti_" } as const;

export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Tokens are long random strings, so a fast hash is enough (no salt needed). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function hashPassword(password: string, params: Argon2Params): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...params });
}

/**
 * Checks a password against a stored hash: Steward's argon2id, or a hash
 * another system made that a bulk import brought in (foreign-hashes.ts),
 * which sign-in then replaces (needsRehash is true for it).
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (!passwordHash.startsWith("$argon2")) return verifyStoredHash(passwordHash, password);
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with other parameters than today's. */
export function needsRehash(passwordHash: string, params: Argon2Params): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  if (!match) return true;
  return Number(match[1]) !== params.memoryCost || Number(match[2]) !== params.timeCost || Number(match[3]) !== params.parallelism;
}

let dummyHash: Promise<string> | undefined;
/**
 * Verifies against a throwaway hash so a sign-in for an unknown user takes
 * as long as one with a wrong password.
 */
export async function burnPasswordCheck(password: string, params: Argon2Params): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"), params);
  await verifyPassword(await dummyHash, password);
}

/** A readable random password for generated accounts. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
