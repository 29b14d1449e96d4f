import { Prisma, type SqlClient } from "@steward/db";
import { WILDCARD_PERMISSION, intersectPermissions } from "@steward/contracts";
import type { Actor, Caller, Deps } from "../kernel/context.ts";
import { userPermissionsSql, userRoleNamesSql } from "../kernel/permissions.ts";
import { TOKEN_PREFIX, hashToken } from "../kernel/secrets.ts";
import { looksSigned, verifySessionToken } from "./signed-token.ts";

/** Longer signed tokens are no token of ours: refused before any work. */
const MAX_SIGNED_TOKEN_LENGTH = 2048;

/** lastSeenAt / lastUsedAt are refreshed at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Resolves a bearer token to the caller, or null when it is unknown,
 * expired or revoked. Answers come from the credential cache when they can.
 */
export async function authenticate(
  deps: Pick<Deps, "sql" | "db" | "credentials" | "clock" | "log" | "keyring">,
  token: string,
  from: { ip: string | null } = { ip: null },
): Promise<Caller | null> {
  const signed = looksSigned(token);
  if (token.length > (signed ? MAX_SIGNED_TOKEN_LENGTH : 200)) return null;
  const kind = token.startsWith(TOKEN_PREFIX.session) || signed ? "session" : token.startsWith(TOKEN_PREFIX.apiKey) ? "apiKey" : null;
  if (!kind) return null;
  const tokenHash = hashToken(token);
  const at = deps.clock.now();
  const now = at.getTime();
  const cached = deps.credentials.lookup(tokenHash, now);
  if (cached) {
    if (now - cached.touchedAt > TOUCH_INTERVAL_MS) {
      cached.touchedAt = now;
      await touch(deps, cached.caller, at, from.ip);
    }
    return cached.caller;
  }
  const generation = deps.credentials.generation;
  // A signed token is checked first (its signature, pinned algorithm and expiry), then looked up as the session it names.
  if (signed && !(await verifySessionToken(deps.keyring, token, at))) return null;
  const found = kind === "session" ? await readSession(deps.sql, tokenHash, at) : await readApiKey(deps.sql, tokenHash, at);
  if (!found) return null;
  let touchedAt = found.lastTouchedAt?.getTime() ?? 0;
  if (now - touchedAt > TOUCH_INTERVAL_MS) {
    touchedAt = now;
    await touch(deps, found.caller, at, from.ip);
  }
  deps.credentials.store(tokenHash, found.caller, found.expiresAt, touchedAt, generation, now);
  return found.caller;
}

interface FoundCredential {
  caller: Caller;
  expiresAt: Date | null;
  lastTouchedAt: Date | null;
}

async function readSession(sql: SqlClient, tokenHash: string, at: Date): Promise<FoundCredential | null> {
  const [row] = await sql.query<{ id: string; expires_at: Date; last_seen_at: Date; user_id: string; username: string; permissions: string[]; roles: string[] }>(Prisma.sql`
    SELECT s.id, s.expires_at, s.last_seen_at, u.id AS user_id, u.username::text AS username,
      ${userPermissionsSql(Prisma.sql`u.id`)} AS permissions, ${userRoleNamesSql(Prisma.sql`u.id`)} AS roles
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > ${at}::timestamptz AND u.status = 'active'`);
  if (!row) return null;
  const expiresAt = new Date(row.expires_at);
  return {
    caller: {
      actor: { type: "user", id: row.user_id, label: row.username, permissions: row.permissions, roles: row.roles, userId: row.user_id, sessionId: row.id },
      session: { id: row.id, expiresAt },
      apiKey: null,
    },
    expiresAt,
    lastTouchedAt: new Date(row.last_seen_at),
  };
}

/**
 * A key works only while its creator is an active user, and grants what it
 * holds AND what its creator holds now: a demoted creator's keys are demoted
 * with them, a deleted or deactivated creator's keys grant nothing.
 */
async function readApiKey(sql: SqlClient, tokenHash: string, at: Date): Promise<FoundCredential | null> {
  const [key] = await sql.query<{
    id: string;
    name: string;
    permissions: string[];
    expires_at: Date | null;
    last_used_at: Date | null;
    owner_id: string;
    owner_permissions: string[];
    owner_roles: string[];
  }>(Prisma.sql`
    SELECT k.id, k.name, k.permissions, k.expires_at, k.last_used_at, u.id AS owner_id,
      ${userPermissionsSql(Prisma.sql`u.id`)} AS owner_permissions, ${userRoleNamesSql(Prisma.sql`u.id`)} AS owner_roles
    FROM api_keys k JOIN users u ON u.id = k.created_by_id
    WHERE k.key_hash = ${tokenHash} AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ${at}::timestamptz)
      AND u.status = 'active'`);
  if (!key) return null;
  return {
    caller: {
      actor: {
        type: "api_key",
        id: key.id,
        label: key.name,
        permissions: intersectPermissions(key.permissions, key.owner_permissions),
        roles: key.owner_roles,
        userId: key.owner_id,
        sessionId: null,
      },
      session: null,
      apiKey: { id: key.id, name: key.name },
    },
    expiresAt: key.expires_at ? new Date(key.expires_at) : null,
    lastTouchedAt: key.last_used_at ? new Date(key.last_used_at) : null,
  };
}

/**
 * Records that a token was used (sessions' lastSeenAt, keys' lastUsedAt and
 * the address it came from), at most once a minute per token, so it is
 * current when the answer leaves. A failure here is logged and does not
 * fail the request.
 */
async function touch(deps: Pick<Deps, "db" | "log">, caller: Caller, at: Date, ip: string | null): Promise<void> {
  try {
    if (caller.session) await deps.db.session.updateMany({ where: { id: caller.session.id }, data: { lastSeenAt: at } });
    else if (caller.apiKey) await deps.db.apiKey.updateMany({ where: { id: caller.apiKey.id }, data: { lastUsedAt: at, lastUsedIp: ip } });
  } catch (error) {
    deps.log.warn("could not record token use", { error });
  }
}

export function effectivePermissions(actor: Actor): string[] {
  return actor.permissions.includes(WILDCARD_PERMISSION) ? [WILDCARD_PERMISSION] : [...actor.permissions].sort();
}
