import { recordAudit } from "../audit.ts";
import type { Actor, Deps, RequestMeta, ServiceContext } from "../context.ts";
import { changeAccess } from "../credential-cache.ts";
import { ServiceError, type RateLimitState } from "../errors.ts";
import { TOKEN_PREFIX, burnPasswordCheck, hashPassword, hashToken, needsRehash, newSecret, verifyPassword } from "../secrets.ts";
import { getUser } from "../users/users.ts";
import type { UserRecord } from "../users/user-view.ts";
import { holdBack, recordFailure, recordSuccess, reserveAttempt, type LoginPolicy } from "./login-throttle.ts";

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
 * is counted before the password is checked (login-throttle.ts).
 */
export async function login(deps: Deps, meta: RequestMeta, username: string, password: string): Promise<LoginResult> {
  const { db, config } = deps;
  const policy: LoginPolicy = { limit: config.loginRateLimit, maxDelayMs: config.loginMaxDelaySeconds * 1000 };
  const found = await db.user.findFirst({
    where: username.includes("@") ? { OR: [{ username }, { email: username }] } : { username },
    select: { id: true, username: true, passwordHash: true, status: true },
  });
  const attempt = await reserveAttempt(deps, policy, found ? found.id : `name:${username.toLowerCase()}`, meta.ip);
  await holdBack(deps, policy, attempt);
  const ok = found?.passwordHash ? await verifyPassword(found.passwordHash, password) : (await burnPasswordCheck(password, config.argon2), false);
  if (!found || !ok || found.status !== "active") {
    await recordFailure(deps, attempt);
    deps.log.info("login failed", { requestId: meta.requestId, ip: meta.ip });
    throw badCredentials(attempt.state);
  }
  await recordSuccess(deps, attempt);

  const token = newSecret(TOKEN_PREFIX.session);
  const expiresAt = new Date(Date.now() + config.sessionTtlSeconds * 1000);
  const rehash = needsRehash(found.passwordHash!, config.argon2) ? await hashPassword(password, config.argon2) : undefined;
  const actor: Actor = { type: "user", id: found.id, label: found.username, permissions: [], userId: found.id, sessionId: null };
  await db.$transaction(async (tx) => {
    const session = await tx.session.create({
      data: { userId: found.id, tokenHash: hashToken(token), ip: meta.ip, userAgent: meta.userAgent?.slice(0, 512), expiresAt },
    });
    await tx.user.update({
      where: { id: found.id },
      data: { lastLoginAt: new Date(), ...(rehash ? { passwordHash: rehash } : {}) },
    });
    await recordAudit(tx, { ...actor, sessionId: session.id }, meta, {
      action: "session.create",
      targetType: "session",
      targetId: session.id,
    });
  });
  const ctx: ServiceContext = { ...deps, actor, meta };
  return { token, expiresAt, user: await getUser(ctx, found.id) };
}

export async function logout(ctx: ServiceContext): Promise<void> {
  const sessionId = ctx.actor.sessionId;
  if (!sessionId) throw new ServiceError("bad_request", "Only a login session can sign out; revoke API keys instead", { reason: "not_a_session" });
  await changeAccess(ctx, async (tx) => {
    await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, ctx.actor, ctx.meta, { action: "session.revoke", targetType: "session", targetId: sessionId });
  });
}
