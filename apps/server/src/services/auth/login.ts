import { randomUUID } from "node:crypto";
import { Prisma, prismaSql } from "@steward/db";
import { auditInsertSql, recordAudit } from "../kernel/audit.ts";
import type { Actor, ServiceContext } from "../kernel/context.ts";
import { ServiceError, type RateLimitState } from "../kernel/errors.ts";
import { mutate } from "../kernel/mutate.ts";
import { userPermissionsSql } from "../kernel/permissions.ts";
import { signSessionToken } from "./signed-token.ts";
import { TOKEN_PREFIX, burnPasswordCheck, hashPassword, hashToken, needsRehash, newSecret, verifyPassword } from "../kernel/secrets.ts";
import { appIdOf } from "../me/app-id.ts";
import { writeAndSelectUser, type UserRecord } from "../users/user-view.ts";
import { findAndReserve, holdBack, recordFailure, recordSuccessCtes, releaseAttempt, type Attempt } from "./login-throttle.ts";
import { passSecondFactorAtSignIn, type SecondFactor } from "./mfa/verify-second-factor.ts";

export interface LoginInput {
  /** Username, or email. */
  username: string;
  password: string;
  /** For an account with two-factor sign-in: the code its app shows now, or an unused recovery code. */
  code?: string;
  /** The app signing in (the early Pryv methods' `appId`): slugified, kept on the session, listed with it. */
  appId?: string;
}

export interface LoginOptions {
  /**
   * Answer a signed token (a JWT, signed-token.ts) instead of an opaque one,
   * for the clients that expect one; the same session either way. `claims`
   * adds what those clients read in it, from the permissions the user holds.
   */
  signed?: { claims?: (held: string[]) => Record<string, unknown> };
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: UserRecord;
}

const badCredentials = (rateLimit: RateLimitState) =>
  new ServiceError("unauthorized", "Wrong username or password", { reason: "bad_credentials", rateLimit });
const mfaRequired = (rateLimit: RateLimitState) =>
  new ServiceError("unauthorized", "This account signs in with a second factor: send the code its authenticator app shows, or a recovery code", {
    reason: "mfa_required",
    rateLimit,
  });
const wrongCode = (rateLimit: RateLimitState) =>
  new ServiceError("unauthorized", "Wrong two-factor code, or one used already", { reason: "invalid_mfa_code", rateLimit });

/**
 * Password sign-in. The answer for an unknown user, a wrong password and a
 * deactivated account is the same, and takes the same time. Every attempt
 * is counted before the password is checked (login-throttle.ts). The
 * session records the address, user agent and surface it came from.
 *
 * An account with two-factor sign-in also needs `code`: without it, the
 * right password is answered `mfa_required` (neither a failure nor a
 * success); a wrong or used code is a failure, as a wrong password is. The
 * code is spent in the transaction that makes the session.
 */
export async function login(ctx: ServiceContext, { username, password, code, appId: appName }: LoginInput, options: LoginOptions = {}): Promise<LoginResult> {
  const { settings, meta } = ctx;
  const appId = appName === undefined ? null : appIdOf(appName);
  const { found, attempt } = await findAndReserve<Account>(ctx, accountSql(username), username, meta.ip);
  await holdBack(ctx, attempt);
  const ok = found?.passwordHash ? await verifyPassword(found.passwordHash, password) : (await burnPasswordCheck(password, settings.argon2), false);
  if (!found || !ok || found.status !== "active") throw await failed(ctx, attempt, badCredentials);
  if (found.mfaEnabled && !code) {
    await releaseAttempt(ctx, attempt);
    throw mfaRequired(attempt.state);
  }

  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + settings.sessionTtlSeconds * 1000);
  const sessionId = randomUUID();
  const token = options.signed
    ? await signSessionToken(ctx.keyring, {
        sessionId,
        userId: found.id,
        username: found.username,
        issuedAt: now,
        expiresAt,
        extra: options.signed.claims?.(await permissionsOf(ctx, found.id)),
      })
    : newSecret(TOKEN_PREFIX.session);
  const rehash = needsRehash(found.passwordHash!, settings.argon2) ? await hashPassword(password, settings.argon2) : null;
  const session = { id: sessionId, token, now, expiresAt, appId, rehash };
  // Without a second factor, the sign-in is one statement; with one, the code is spent in the same transaction.
  const user = found.mfaEnabled
    ? await mutate(ctx, async (tx) => {
        const secondFactor = await passSecondFactorAtSignIn(tx, ctx, found.id, code!);
        if (!secondFactor) return "wrong_code" as const;
        return writeAndSelectUser(prismaSql(tx), signInWrites(ctx, found, session, secondFactor, attempt), "signed_in");
      }, { changesAccess: false })
    : await writeAndSelectUser(ctx.sql, signInWrites(ctx, found, session, "none", attempt), "signed_in");
  if (user === "wrong_code") throw await failed(ctx, attempt, wrongCode);
  // Deactivated or deleted while its password was checked: nothing was written.
  if (!user) throw await failed(ctx, attempt, badCredentials);
  return { token, expiresAt, user };
}

/** What a sign-in reads of the account it names. */
interface Account {
  id: string;
  username: string;
  passwordHash: string | null;
  status: string;
  mfaEnabled: boolean;
}

/** The account a sign-in names: by username, or by username or email when what was typed has an `@`. */
function accountSql(typed: string): Prisma.Sql {
  const match = typed.includes("@") ? Prisma.sql`username = ${typed}::citext OR email = ${typed}::citext` : Prisma.sql`username = ${typed}::citext`;
  return Prisma.sql`
    SELECT id, username::text AS username, password_hash AS "passwordHash", status::text AS status, mfa_enabled AS "mfaEnabled"
    FROM users WHERE ${match} ORDER BY username = ${typed}::citext DESC LIMIT 1`;
}

interface NewSession {
  id: string;
  token: string;
  now: Date;
  expiresAt: Date;
  appId: string | null;
  /** The password hashed again, when its hash is from older parameters (or a foreign format). */
  rehash: string | null;
}

/**
 * The sign-in's writes, as data-modifying CTEs of the statement that also
 * answers the user (writeAndSelectUser), so one round trip: the session,
 * the user's last sign-in (`signed_in`; its version moves with it, and so
 * does the ETag), the audit event and the attempt's success. The user is
 * checked active again here; when it no longer is, nothing is written.
 */
function signInWrites(ctx: ServiceContext, user: Account, session: NewSession, secondFactor: SecondFactor | "none", attempt: Attempt): Prisma.Sql {
  const { meta } = ctx;
  const made = Prisma.sql`EXISTS (SELECT 1 FROM session)`;
  const actor: Actor = { type: "user", id: user.id, label: user.username, permissions: [], roles: [], userId: user.id, sessionId: session.id };
  const after = secondFactor === "none" ? undefined : { secondFactor };
  return Prisma.sql`
    session AS (
      INSERT INTO sessions (id, user_id, token_hash, ip, user_agent, app_id, surface, created_at, last_seen_at, expires_at)
      SELECT ${session.id}::uuid, id, ${hashToken(session.token)}::text, ${meta.ip}::text, ${meta.userAgent?.slice(0, 512) ?? null}::text,
        ${session.appId}::text, ${meta.dialect}::text, ${session.now}::timestamptz, ${session.now}::timestamptz, ${session.expiresAt}::timestamptz
      FROM users WHERE id = ${user.id}::uuid AND status = 'active'
      RETURNING user_id
    ),
    signed_in AS (
      UPDATE users SET last_login_at = ${session.now}::timestamptz, version = version + 1, updated_at = now(),
        password_hash = coalesce(${session.rehash}::text, password_hash)
      WHERE id IN (SELECT user_id FROM session)
      RETURNING users.*
    ),
    audit AS (${auditInsertSql({ actor, meta }, { action: "session.create", targetType: "session", targetId: session.id, after }, made)}),
    ${recordSuccessCtes(attempt, made)},`;
}

/** A failed attempt: counted against the account, logged, and answered with `refusal`. */
async function failed(ctx: ServiceContext, attempt: Attempt, refusal: (state: RateLimitState) => ServiceError): Promise<ServiceError> {
  await recordFailure(ctx, attempt);
  ctx.log.info("login failed", { requestId: ctx.meta.requestId, ip: ctx.meta.ip });
  return refusal(attempt.state);
}

/** What a user holds, for a signed token's claims. */
async function permissionsOf(ctx: ServiceContext, userId: string): Promise<string[]> {
  const [row] = await ctx.sql.query<{ permissions: string[] }>(Prisma.sql`SELECT ${userPermissionsSql(Prisma.sql`${userId}::uuid`)} AS permissions`);
  return row?.permissions ?? [];
}

export async function logout(ctx: ServiceContext): Promise<void> {
  const sessionId = ctx.actor.sessionId;
  if (!sessionId) throw new ServiceError("bad_request", "Only a login session can sign out; revoke API keys instead", { reason: "not_a_session" });
  await mutate(ctx, async (tx) => {
    await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: ctx.clock.now() } });
    await recordAudit(tx, ctx, { action: "session.revoke", targetType: "session", targetId: sessionId });
  }, { changesAccess: true });
}
