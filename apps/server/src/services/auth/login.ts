import { recordAudit } from "../kernel/audit.ts";
import type { Actor, ServiceContext } from "../kernel/context.ts";
import { ServiceError, type RateLimitState } from "../kernel/errors.ts";
import { mutate } from "../kernel/mutate.ts";
import { TOKEN_PREFIX, burnPasswordCheck, hashPassword, hashToken, needsRehash, newSecret, verifyPassword } from "../kernel/secrets.ts";
import { getUser } from "../users/get-user.ts";
import type { UserRecord } from "../users/user-view.ts";
import { holdBack, recordFailure, recordSuccess, reserveAttempt } from "./login-throttle.ts";

export interface LoginInput {
  /** Username, or email. */
  username: string;
  password: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: UserRecord;
}

const badCredentials = (rateLimit: RateLimitState) =>
  new ServiceError("unauthorized", "Wrong username or password", { reason: "bad_credentials", rateLimit });

/**
 * Password sign-in. The answer for an unknown user, a wrong password and a
 * deactivated account is the same, and takes the same time. Every attempt
 * is counted before the password is checked (login-throttle.ts). The
 * session records the address, user agent and surface it came from.
 */
export async function login(ctx: ServiceContext, { username, password }: LoginInput): Promise<LoginResult> {
  const { db, settings, meta } = ctx;
  const found = await db.user.findFirst({
    where: username.includes("@") ? { OR: [{ username }, { email: username }] } : { username },
    select: { id: true, username: true, passwordHash: true, status: true },
  });
  const attempt = await reserveAttempt(ctx, found ? found.id : `name:${username.toLowerCase()}`, meta.ip);
  await holdBack(ctx, attempt);
  const ok = found?.passwordHash ? await verifyPassword(found.passwordHash, password) : (await burnPasswordCheck(password, settings.argon2), false);
  if (!found || !ok || found.status !== "active") {
    await recordFailure(ctx, attempt);
    ctx.log.info("login failed", { requestId: meta.requestId, ip: meta.ip });
    throw badCredentials(attempt.state);
  }
  await recordSuccess(ctx, attempt);

  const token = newSecret(TOKEN_PREFIX.session);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + settings.sessionTtlSeconds * 1000);
  const rehash = needsRehash(found.passwordHash!, settings.argon2) ? await hashPassword(password, settings.argon2) : undefined;
  const actor: Actor = { type: "user", id: found.id, label: found.username, permissions: [], roles: [], userId: found.id, sessionId: null };
  await mutate(ctx, async (tx) => {
    const session = await tx.session.create({
      data: {
        userId: found.id,
        tokenHash: hashToken(token),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 512),
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
    await recordAudit(tx, { actor: { ...actor, sessionId: session.id }, meta }, { action: "session.create", targetType: "session", targetId: session.id });
  }, { changesAccess: false });
  return { token, expiresAt, user: await getUser(ctx, found.id) };
}

export async function logout(ctx: ServiceContext): Promise<void> {
  const sessionId = ctx.actor.sessionId;
  if (!sessionId) throw new ServiceError("bad_request", "Only a login session can sign out; revoke API keys instead", { reason: "not_a_session" });
  await mutate(ctx, async (tx) => {
    await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: ctx.clock.now() } });
    await recordAudit(tx, ctx, { action: "session.revoke", targetType: "session", targetId: sessionId });
  }, { changesAccess: true });
}
