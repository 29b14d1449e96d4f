import { randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { RECOVERY_CODE_COUNT } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ServiceError, conflict, notFound } from "../../kernel/errors.ts";
import { SEAL_CONTEXT } from "../../kernel/keyring.ts";
import type { Tx } from "../../kernel/mutate.ts";
import { hashToken } from "../../kernel/secrets.ts";
import type { UserRecord } from "../../users/user-view.ts";
import { loadForWrite, writeUser } from "../../users/users.ts";
import { holdBack, recordFailure, recordSuccess, releaseAttempt, reserveAttempt } from "../login-throttle.ts";
import { sessionUserOf as sessionOwnerOf } from "../../me/me.ts";

/**
 * What the MFA use cases share (each is a file of its own beside this one):
 * TOTP as RFC 6238 defines it, through the `otpauth` library; the secret,
 * sealed with the keyring under its user's id; recovery codes, kept as
 * hashes; and the two spends that make every code single-use, each one
 * conditional UPDATE, so two requests with one code cannot both pass.
 */

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const TOTP_PARAMS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
/** Steps either side of now that still count (clock drift between phone and server). */
const TOTP_WINDOW = 1;
/** Bytes of a new secret: 160 bits, as RFC 4226 recommends for SHA-1. */
const SECRET_BYTES = 20;
/** Recovery codes are `xxxx-xxxx-xxxx` over an alphabet without look-alikes (no 0/o, 1/l/i): 60 bits each. */
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_GROUPS = 3;
const RECOVERY_GROUP_LENGTH = 4;

export const invalidCode = (message = "That code is not right, or it was used already") =>
  new ServiceError("unprocessable_entity", message, { reason: "invalid_mfa_code", fields: [{ path: "body.code", message, code: "invalid_mfa_code" }] });
export const mfaNotEnabled = () => conflict("Two-factor sign-in is not on for this account", "mfa_not_enabled");
export const mfaAlreadyEnabled = () => conflict("Two-factor sign-in is on already; turn it off first to enrol again", "mfa_already_enabled");

/**
 * The user whose own two-factor sign-in a call changes: the signed-in user,
 * through a login session only. An API key acts for its creator, but must not
 * enrol them, read their codes or turn their second factor off.
 */
export function sessionUserOf(ctx: ServiceContext): string {
  return sessionOwnerOf(ctx, "Two-factor sign-in is managed").userId;
}

/** A new random secret, base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The `otpauth://totp/...` URI an app scans: the platform's name as issuer, the username as account. */
export function otpauthUri(secret: string, issuer: string, account: string): string {
  return new TOTP({ ...TOTP_PARAMS, issuer, label: account, secret: Secret.fromBase32(secret) }).toString();
}

const sealContext = (userId: string) => `${SEAL_CONTEXT.mfaSecret}:${userId}`;

export function sealTotpSecret(ctx: Pick<ServiceContext, "keyring">, userId: string, secret: string): string {
  return ctx.keyring.seal(secret, sealContext(userId));
}

export function openTotpSecret(ctx: Pick<ServiceContext, "keyring">, userId: string, sealed: string): string {
  return ctx.keyring.open(sealed, sealContext(userId));
}

/** The code as typed, without the spaces and dashes people put in it. */
const normalized = (code: string) => code.replace(/[\s-]/g, "").toLowerCase();

/** Whether `code` has the shape of an app's code (6 digits) rather than of a recovery code. */
export function isTotpShaped(code: string): boolean {
  return /^\d{6}$/.test(normalized(code));
}

/**
 * The time step `code` belongs to, when it is the secret's code for a step
 * within the window around `now` (the services' clock); else null. Whether
 * that step was used already is the caller's to settle (acceptTotpStep).
 */
export function totpStepOf(secret: string, code: string, now: Date): number | null {
  const token = normalized(code);
  if (!/^\d{6}$/.test(token)) return null;
  const timestamp = now.getTime();
  const delta = TOTP.validate({ ...TOTP_PARAMS, token, secret: Secret.fromBase32(secret), timestamp, window: TOTP_WINDOW });
  return delta === null ? null : TOTP.counter({ period: TOTP_PARAMS.period, timestamp }) + delta;
}

/**
 * Records `step` as the user's last accepted one, if it is later than the
 * last: one conditional UPDATE, so a code is taken once, even by two requests
 * at the same moment (the second waits for the first's row lock, then finds
 * the step taken). False when it was not later.
 */
export async function acceptTotpStep(tx: Tx, userId: string, step: number): Promise<boolean> {
  const updated = await tx.$executeRaw`
    UPDATE users SET mfa_last_step = ${BigInt(step)}
    WHERE id = ${userId}::uuid AND (mfa_last_step IS NULL OR mfa_last_step < ${BigInt(step)})`;
  return updated === 1;
}

/** Spends one of the user's recovery codes: true if it was theirs and unused (one conditional UPDATE, so once only). */
export async function spendRecoveryCode(tx: Tx, userId: string, code: string, now: Date): Promise<boolean> {
  const updated = await tx.$executeRaw`
    UPDATE mfa_recovery_codes SET used_at = ${now}
    WHERE user_id = ${userId}::uuid AND code_hash = ${hashRecoveryCode(code)} AND used_at IS NULL`;
  return updated === 1;
}

/** Recovery codes are high-entropy random strings: SHA-256 of the normalized code is enough. */
function hashRecoveryCode(code: string): string {
  return hashToken(`mfa-recovery:${normalized(code)}`);
}

function newRecoveryCode(): string {
  const groups = Array.from({ length: RECOVERY_GROUPS }, () =>
    Array.from({ length: RECOVERY_GROUP_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(""),
  );
  return groups.join("-");
}

/** Ten new recovery codes for the user, in place of any earlier ones; the codes are answered, their hashes kept. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
  await tx.mfaRecoveryCode.createMany({ data: [...codes].map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return [...codes];
}

export interface MfaState {
  username: string;
  enabled: boolean;
  /** The TOTP secret, sealed: pending while not enabled (an enrolment started), live once enabled. */
  sealedSecret: string | null;
}

/** The user's second-factor state, read under their row lock (taken here) for the rest of the transaction; null for nobody. */
export async function lockMfaState(tx: Tx, userId: string): Promise<MfaState | null> {
  const [row] = await tx.$queryRaw<{ username: string; mfa_enabled: boolean; mfa_secret: string | null }[]>`
    SELECT username::text AS username, mfa_enabled, mfa_secret FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  return row ? { username: row.username, enabled: row.mfa_enabled, sealedSecret: row.mfa_secret } : null;
}

/** lockMfaState of a user who must exist: 404 `user_not_found` otherwise. */
export async function lockOwnMfaState(tx: Tx, userId: string): Promise<MfaState> {
  const state = await lockMfaState(tx, userId);
  if (!state) throw notFound("User");
  return state;
}

// The writes below leave `version` and `updated_at` alone: the ones that change
// the user's representation (`mfaEnabled`) end with users.ts `audited`, which moves both.

/** Keeps a new secret for an enrolment that is not confirmed yet (still off), in place of any earlier one. */
export async function storePendingSecret(tx: Tx, userId: string, sealedSecret: string): Promise<void> {
  await tx.$executeRaw`UPDATE users SET mfa_secret = ${sealedSecret}, mfa_last_step = NULL WHERE id = ${userId}::uuid AND NOT mfa_enabled`;
}

/** Turns two-factor sign-in on with the secret the user has confirmed. */
export async function enableMfa(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`UPDATE users SET mfa_enabled = TRUE WHERE id = ${userId}::uuid`;
}

/** Forgets the user's second factor: off, no secret, no last step, no recovery codes. */
export async function clearMfa(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`UPDATE users SET mfa_enabled = FALSE, mfa_secret = NULL, mfa_last_step = NULL WHERE id = ${userId}::uuid`;
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
}

/** The signed-in user, as a change of their own second factor starts: as they were (for the audit), and their second-factor state. */
export interface OwnMfa {
  userId: string;
  before: UserRecord;
  state: MfaState;
}

/**
 * A change of the signed-in user's own second factor that a code they typed
 * allows (confirming, new recovery codes, turning it off): from a login
 * session, under the sign-in limits, in one transaction that starts with
 * their row lock (users.ts loadForWrite) and reads their state.
 */
export function changeOwnMfa<T>(ctx: ServiceContext, work: (tx: Tx, own: OwnMfa) => Promise<T>): Promise<T> {
  const userId = sessionUserOf(ctx);
  return underSignInLimits(ctx, userId, () =>
    writeUser(ctx, async (tx) => {
      const before = await loadForWrite(tx, ctx, userId);
      return work(tx, { userId, before, state: await lockOwnMfaState(tx, userId) });
    }, { changesAccess: false }),
  );
}

/**
 * Runs a check of a code the signed-in user typed under the sign-in limits
 * (login-throttle.ts), as a sign-in with a code is: the attempt is counted
 * before the code is checked, a wrong code (`invalid_mfa_code`) is a failure
 * of the account, a right one clears the address's failures. So a stolen
 * session cannot guess its way to turning the second factor off.
 */
async function underSignInLimits<T>(ctx: ServiceContext, userId: string, work: () => Promise<T>): Promise<T> {
  const attempt = await reserveAttempt(ctx, userId, ctx.meta.ip);
  await holdBack(ctx, attempt);
  try {
    const result = await work();
    await recordSuccess(ctx, attempt);
    return result;
  } catch (error) {
    // Refused for another cause (MFA off, say): no code was judged, so the attempt does not count.
    if (error instanceof ServiceError && error.reason === "invalid_mfa_code") await recordFailure(ctx, attempt);
    else await releaseAttempt(ctx, attempt);
    throw error;
  }
}
