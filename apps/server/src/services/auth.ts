import { Prisma, type SqlClient } from "@steward/db";
import { WILDCARD_PERMISSION } from "@steward/contracts";
import { recordAudit } from "./audit.ts";
import type { Actor, Deps, RequestMeta, ServiceContext } from "./context.ts";
import { changeAccess } from "./credential-cache.ts";
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

const badCredentials = () => new ServiceError("unauthorized", "Wrong username or password", { reason: "bad_credentials" });

/**
 * Password sign-in. The answer for an unknown user, a wrong password and a
 * deactivated account is the same, and takes the same time.
 */
export async function login(deps: Deps, meta: RequestMeta, username: string, password: string): Promise<LoginResult> {
  const { db, config } = deps;
  const keys = [`login:user:${username.toLowerCase()}`, ...(meta.ip ? [`login:ip:${meta.ip}`] : [])];
  for (const key of keys) {
    if ((await rateLimit.peek(db, key)) >= config.loginRateLimit * (key.startsWith("login:ip:") ? 5 : 1)) {
      throw new ServiceError("rate_limit_exceeded", "Too many failed sign-ins; try again later", { reason: "login_rate_limited" });
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
  if (!sessionId) throw new ServiceError("bad_request", "Only a login session can sign out; revoke API keys instead", { reason: "not_a_session" });
  await changeAccess(ctx, async (tx) => {
    await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, ctx.actor, ctx.meta, { action: "session.revoke", targetType: "session", targetId: sessionId });
  });
}

export interface Authenticated {
  actor: Actor;
  session: { id: string; expiresAt: Date } | null;
  apiKey: { id: string; name: string } | null;
}

/**
 * Resolves a bearer token to the caller, or null when it is unknown,
 * expired or revoked. Answers come from the credential cache when they can.
 */
export async function authenticate(deps: Pick<Deps, "sql" | "db" | "credentials" | "log">, token: string): Promise<Authenticated | null> {
  if (token.length > 200) return null;
  const kind = token.startsWith(TOKEN_PREFIX.session) ? "session" : token.startsWith(TOKEN_PREFIX.apiKey) ? "apiKey" : null;
  if (!kind) return null;
  const tokenHash = hashToken(token);
  const now = Date.now();
  const cached = deps.credentials.lookup(tokenHash, now);
  if (cached) {
    if (now - cached.touchedAt > TOUCH_INTERVAL_MS) {
      cached.touchedAt = now;
      await touch(deps, cached.caller);
    }
    return cached.caller;
  }
  const generation = deps.credentials.generation;
  const found = kind === "session" ? await readSession(deps.sql, tokenHash) : await readApiKey(deps.sql, tokenHash);
  if (!found) return null;
  let touchedAt = found.lastTouchedAt?.getTime() ?? 0;
  if (now - touchedAt > TOUCH_INTERVAL_MS) {
    touchedAt = now;
    await touch(deps, found.caller);
  }
  deps.credentials.store(tokenHash, found.caller, found.expiresAt, touchedAt, generation);
  return found.caller;
}

interface FoundCredential {
  caller: Authenticated;
  expiresAt: Date | null;
  lastTouchedAt: Date | null;
}

async function readSession(sql: SqlClient, tokenHash: string): Promise<FoundCredential | null> {
  const [row] = await sql.query<{ id: string; expires_at: Date; last_seen_at: Date; user_id: string; username: string; permissions: string[] }>(Prisma.sql`
    SELECT s.id, s.expires_at, s.last_seen_at, u.id AS user_id, u.username::text AS username,
      ARRAY(SELECT DISTINCT p FROM user_roles ur JOIN roles r ON r.id = ur.role_id, unnest(r.permissions) p
            WHERE ur.user_id = u.id) AS permissions
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`);
  if (!row) return null;
  const expiresAt = new Date(row.expires_at);
  return {
    caller: {
      actor: { type: "user", id: row.user_id, label: row.username, permissions: row.permissions, userId: row.user_id, sessionId: row.id },
      session: { id: row.id, expiresAt },
      apiKey: null,
    },
    expiresAt,
    lastTouchedAt: new Date(row.last_seen_at),
  };
}

async function readApiKey(sql: SqlClient, tokenHash: string): Promise<FoundCredential | null> {
  const [key] = await sql.query<{ id: string; name: string; permissions: string[]; expires_at: Date | null; last_used_at: Date | null }>(Prisma.sql`
    SELECT id, name, permissions, expires_at, last_used_at FROM api_keys
    WHERE key_hash = ${tokenHash} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`);
  if (!key) return null;
  return {
    caller: {
      actor: { type: "api_key", id: key.id, label: key.name, permissions: key.permissions, userId: null, sessionId: null },
      session: null,
      apiKey: { id: key.id, name: key.name },
    },
    expiresAt: key.expires_at ? new Date(key.expires_at) : null,
    lastTouchedAt: key.last_used_at ? new Date(key.last_used_at) : null,
  };
}

/**
 * Records that a token was used (sessions' lastSeenAt, keys' lastUsedAt), at
 * most once a minute per token, so it is current when the answer leaves. A
 * failure here is logged and does not fail the request.
 */
async function touch(deps: Pick<Deps, "db" | "log">, caller: Authenticated): Promise<void> {
  try {
    if (caller.session) await deps.db.session.updateMany({ where: { id: caller.session.id }, data: { lastSeenAt: new Date() } });
    else if (caller.apiKey) await deps.db.apiKey.updateMany({ where: { id: caller.apiKey.id }, data: { lastUsedAt: new Date() } });
  } catch (error) {
    deps.log.warn("could not record token use", { error });
  }
}

export function effectivePermissions(actor: Actor): string[] {
  return actor.permissions.includes(WILDCARD_PERMISSION) ? [WILDCARD_PERMISSION] : [...actor.permissions].sort();
}
