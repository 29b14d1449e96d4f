import type { PrismaClient } from "@steward/db";
import { WILDCARD_PERMISSION } from "@steward/contracts";
import { recordAudit } from "./audit.ts";
import type { Actor, Deps, RequestMeta, ServiceContext } from "./context.ts";
import { ServiceError } from "./errors.ts";
import * as rateLimit from "./rate-limit.ts";
import {
  TOKEN_PREFIX,
  burnPasswordCheck,
  hashPassword,
  hashToken,
  needsRehash,
  newSecret,
  verifyPassword,
} from "./secrets.ts";
import { getUser } from "./users/users.ts";
import type { UserRecord } from "./users/user-view.ts";

const LOGIN_WINDOW_SECONDS = 15 * 60;
/** lastSeenAt / lastUsedAt are refreshed at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: UserRecord;
}

const badCredentials = () => new ServiceError("unauthorized", "Wrong username or password");

/**
 * Password sign-in. The answer for an unknown user, a wrong password and a
 * deactivated account is the same, and takes the same time.
 */
export async function login(deps: Deps, meta: RequestMeta, username: string, password: string): Promise<LoginResult> {
  const { db, config } = deps;
  const keys = [`login:user:${username.toLowerCase()}`, ...(meta.ip ? [`login:ip:${meta.ip}`] : [])];
  for (const key of keys) {
    if ((await rateLimit.peek(db, key)) >= config.loginRateLimit * (key.startsWith("login:ip:") ? 5 : 1)) {
      throw new ServiceError("rate_limit_exceeded", "Too many failed sign-ins; try again later");
    }
  }
  const found = await db.user.findFirst({
    where: username.includes("@") ? { OR: [{ username }, { email: username }] } : { username },
    select: { id: true, username: true, passwordHash: true, status: true },
  });
  const ok = found?.passwordHash ? await verifyPassword(found.passwordHash, password) : (await burnPasswordCheck(password, config.argon2), false);
  if (!found || !ok || found.status !== "active") {
    for (const key of keys) await rateLimit.hit(db, key, LOGIN_WINDOW_SECONDS);
    deps.log.info("login failed", { requestId: meta.requestId, ip: meta.ip });
    throw badCredentials();
  }
  await rateLimit.reset(db, keys[0]!);

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
  if (!sessionId) throw new ServiceError("bad_request", "Only a login session can sign out; revoke API keys instead");
  await ctx.db.$transaction(async (tx) => {
    await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, ctx.actor, ctx.meta, { action: "session.revoke", targetType: "session", targetId: sessionId });
  });
}

export interface Authenticated {
  actor: Actor;
  session: { id: string; expiresAt: Date } | null;
  apiKey: { id: string; name: string } | null;
}

/** Resolves a bearer token to the caller, or null when it is unknown, expired or revoked. */
export async function authenticate(db: PrismaClient, token: string): Promise<Authenticated | null> {
  if (token.length > 200) return null;
  if (token.startsWith(TOKEN_PREFIX.session)) return authenticateSession(db, token);
  if (token.startsWith(TOKEN_PREFIX.apiKey)) return authenticateApiKey(db, token);
  return null;
}

async function authenticateSession(db: PrismaClient, token: string): Promise<Authenticated | null> {
  const rows = await db.$queryRaw<
    { id: string; expires_at: Date; last_seen_at: Date; user_id: string; username: string; permissions: string[] }[]
  >`
    SELECT s.id, s.expires_at, s.last_seen_at, u.id AS user_id, u.username::text AS username,
      ARRAY(SELECT DISTINCT p FROM user_roles ur JOIN roles r ON r.id = ur.role_id, unnest(r.permissions) p
            WHERE ur.user_id = u.id) AS permissions
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${hashToken(token)} AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`;
  const row = rows[0];
  if (!row) return null;
  if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } });
  }
  return {
    actor: { type: "user", id: row.user_id, label: row.username, permissions: row.permissions, userId: row.user_id, sessionId: row.id },
    session: { id: row.id, expiresAt: new Date(row.expires_at) },
    apiKey: null,
  };
}

async function authenticateApiKey(db: PrismaClient, token: string): Promise<Authenticated | null> {
  const key = await db.apiKey.findUnique({
    where: { keyHash: hashToken(token) },
    select: { id: true, name: true, permissions: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= new Date())) return null;
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    actor: { type: "api_key", id: key.id, label: key.name, permissions: key.permissions, userId: null, sessionId: null },
    session: null,
    apiKey: { id: key.id, name: key.name },
  };
}

export function effectivePermissions(actor: Actor): string[] {
  return actor.permissions.includes(WILDCARD_PERMISSION) ? [WILDCARD_PERMISSION] : [...actor.permissions].sort();
}
