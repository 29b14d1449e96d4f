import { randomUUID } from "node:crypto";
import { Prisma } from "@steward/db";
import { recordAudit } from "../kernel/audit.ts";
import type { Actor, ServiceContext } from "../kernel/context.ts";
import { ServiceError, type RateLimitState } from "../kernel/errors.ts";
import { mutate } from "../kernel/mutate.ts";
import { userPermissionsSql } from "../kernel/permissions.ts";
import { signSessionToken } from "./signed-token.ts";
import { TOKEN_PREFIX, burnPasswordCheck, hashPassword, hashToken, needsRehash, newSecret, verifyPassword } from "../kernel/secrets.ts";
import { appIdOf } from "../me/app-id.ts";
import { getUser } from "../users/get-user.ts";
import type { UserRecord } from "../users/user-view.ts";
import { holdBack, recordFailure, recordSuccess, releaseAttempt, reserveAttempt } from "./login-throttle.ts";
import { passSecondFactorAtSignIn } from "./mfa/verify-second-factor.ts";

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
  const { db, settings, meta } = ctx;
  const appId = appName === undefined ? null : appIdOf(appName);
  const found = await db.user.findFirst({
    where: username.includes("@") ? { OR: [{ username }, { email: username }] } : { username },
    select: { id: true, username: true, passwordHash: true, status: true, mfaEnabled: true },
  });
  const attempt = await reserveAttempt(ctx, found ? found.id : `name:${username.toLowerCase()}`, meta.ip);
  await holdBack(ctx, attempt);
  const ok = found?.passwordHash ? await verifyPassword(found.passwordHash, password) : (await burnPasswordCheck(password, settings.argon2), false);
  if (!found || !ok || found.status !== "active") {
    await recordFailure(ctx, attempt);
    ctx.log.info("login failed", { requestId: meta.requestId, ip: meta.ip });
    throw badCredentials(attempt.state);
  }
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
  const rehash = needsRehash(found.passwordHash!, settings.argon2) ? await hashPassword(password, settings.argon2) : undefined;
  const actor: Actor = { type: "user", id: found.id, label: found.username, permissions: [], roles: [], userId: found.id, sessionId: null };
  const signedIn = await mutate(ctx, async (tx) => {
    const secondFactor = found.mfaEnabled ? await passSecondFactorAtSignIn(tx, ctx, found.id, code!) : "none";
    if (!secondFactor) return false;
    const session = await tx.session.create({
      data: {
        id: sessionId,
        userId: found.id,
        tokenHash: hashToken(token),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 512),
        appId,
        surface: meta.dialect,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
      },
    });
    // lastLoginAt is part of the user's representation: the version moves with it, and so does the ETag.
    await tx.user.update({
      where: { id: found.id },
      data: { lastLoginAt: now, version: { increment: 1 }, ...(rehash ? { passwordHash: rehash } : {}) },
    });
    const after = secondFactor === "none" ? undefined : { secondFactor };
    await recordAudit(tx, { actor: { ...actor, sessionId: session.id }, meta }, { action: "session.create", targetType: "session", targetId: session.id, after });
    return true;
  }, { changesAccess: false });
  if (!signedIn) {
    await recordFailure(ctx, attempt);
    ctx.log.info("login failed", { requestId: meta.requestId, ip: meta.ip });
    throw wrongCode(attempt.state);
  }
  await recordSuccess(ctx, attempt);
  return { token, expiresAt, user: await getUser(ctx, found.id) };
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
