import { Prisma, prismaSql, type SqlClient } from "@steward/db";
import type { ListAllSessionsQuery, Page, Session, SessionWithUser } from "@steward/contracts";
import { recordAudit } from "./kernel/audit.ts";
import type { ServiceContext } from "./kernel/context.ts";
import { notFound } from "./kernel/errors.ts";
import { mutate, type Tx } from "./kernel/mutate.ts";
import { afterCursorSql, decodeCursor, keysetPage } from "./kernel/paging.ts";
import { assertMayActOn } from "./users/access-guard.ts";
import { revokeSessionsOf, userIdSql, userRefSql, type UserRef } from "./users/users.ts";
import { iso } from "./kernel/sql.ts";

/** The one order of a user's sessions: newest first, the id breaking ties (index `sessions_live_by_user_idx`). */
const SORT = "-createdAt";
const SORT_COLUMNS = [Prisma.raw("s.created_at"), Prisma.raw("s.id")];
const ORDER = Prisma.sql`ORDER BY s.created_at DESC, s.id DESC`;

/** The largest page: `/api/v1` asks for at most 200, a dialect may ask for up to this. */
export const MAX_SESSIONS_PAGE = 1000;

/**
 * A session that still works, on `sessions s`: not revoked, and not expired
 * by the services' clock (never SQL `now()`, see kernel/clock.ts).
 */
export function liveSessionSql(now: Date): Prisma.Sql {
  return Prisma.sql`s.revoked_at IS NULL AND s.expires_at > ${now}::timestamptz`;
}

interface SessionRow {
  id: string;
  user_id: string;
  ip: string | null;
  user_agent: string | null;
  app_id: string | null;
  surface: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

async function selectSessions(sql: SqlClient, where: Prisma.Sql, limit: number): Promise<SessionRow[]> {
  return sql.query<SessionRow>(Prisma.sql`SELECT s.id, s.user_id, s.ip, s.user_agent, s.app_id, s.surface, s.created_at, s.last_seen_at, s.expires_at
    FROM sessions s WHERE ${where} ${ORDER} LIMIT ${limit}`);
}

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    userId: row.user_id,
    ip: row.ip,
    userAgent: row.user_agent,
    appId: row.app_id,
    surface: row.surface,
    createdAt: iso(row.created_at),
    lastSeenAt: iso(row.last_seen_at),
    expiresAt: iso(row.expires_at),
  };
}

const userNotFound = () => notFound("User", "user_not_found");

/** The cursor condition after a page's last row, in the one order. */
function afterSessionCursor(cursor: string): Prisma.Sql {
  return afterCursorSql(SORT_COLUMNS, ["timestamptz", "uuid"], decodeCursor(cursor, SORT, ["timestamp", "uuid"]), true);
}

/**
 * Who is signed in, across every user: live sessions, newest first, each
 * with its user, a keyset page at a time (index `sessions_live_idx`, or
 * the per-user one when filtered by user); `total` counts every live
 * session that matches. An unknown user or surface is an empty page.
 */
export async function listSessions(ctx: ServiceContext, query: ListAllSessionsQuery): Promise<Page<SessionWithUser>> {
  const limit = Math.min(Math.max(Math.trunc(query.limit), 1), MAX_SESSIONS_PAGE);
  const filters = [liveSessionSql(ctx.clock.now())];
  if (query.userId) filters.push(Prisma.sql`s.user_id = ${query.userId}::uuid`);
  if (query.surface) filters.push(Prisma.sql`s.surface = ${query.surface}`);
  const matching = Prisma.join(filters, " AND ");
  const page = query.cursor ? Prisma.sql`${matching} AND ${afterSessionCursor(query.cursor)}` : matching;
  const [rows, [{ total }]] = await Promise.all([
    ctx.sql.query<SessionRow & { username: string; display_name: string | null }>(Prisma.sql`
      SELECT s.id, s.user_id, s.ip, s.user_agent, s.app_id, s.surface, s.created_at, s.last_seen_at, s.expires_at,
        u.username::text AS username, u.display_name
      FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE ${page} ${ORDER} LIMIT ${limit + 1}`),
    ctx.sql.query<{ total: bigint | string | number }>(Prisma.sql`SELECT count(*) AS total FROM sessions s WHERE ${matching}`),
  ]);
  return keysetPage(
    rows,
    { limit, sort: SORT, total: Number(total) },
    (row) => ({ ...toSession(row), user: { id: row.user_id, username: row.username, displayName: row.display_name } }),
    (row) => [iso(row.created_at), row.id],
  );
}

/** A user's live sessions, and the user they are of, as the reference resolved. */
export interface UserSessions {
  user: { id: string; username: string };
  sessions: Page<Session>;
}

/**
 * A user's live sessions, newest first, a keyset page at a time; `total`
 * counts all of them. `limit` is kept within 1 to MAX_SESSIONS_PAGE. The
 * user is found by any reference (a dialect names them by username) in the
 * same statements.
 */
export async function listUserSessions(ctx: ServiceContext, ref: UserRef, query: { limit: number; cursor?: string }): Promise<UserSessions> {
  const limit = Math.min(Math.max(Math.trunc(query.limit), 1), MAX_SESSIONS_PAGE);
  const live = Prisma.sql`s.user_id = ${userIdSql(ref)} AND ${liveSessionSql(ctx.clock.now())}`;
  const page = query.cursor ? Prisma.sql`${live} AND ${afterSessionCursor(query.cursor)}` : live;
  // One row more than asked tells whether a next page exists; the user comes with the total.
  const [rows, [owner]] = await Promise.all([
    selectSessions(ctx.sql, page, limit + 1),
    ctx.sql.query<{ id: string; username: string; total: bigint | string | number }>(Prisma.sql`SELECT u.id, u.username::text AS username,
      (SELECT count(*) FROM sessions s WHERE ${live}) AS total FROM users u WHERE ${userRefSql(ref)}`),
  ]);
  if (!owner) throw userNotFound();
  return {
    user: { id: owner.id, username: owner.username },
    sessions: keysetPage(rows, { limit, sort: SORT, total: Number(owner.total) }, toSession, (row) => [iso(row.created_at), row.id]),
  };
}

/**
 * Ends one session of a user: its token stops working at once, on every
 * instance. Ending one that has ended already (revoked or expired) changes
 * nothing and succeeds. 404 when the session is not this user's.
 */
export async function revokeUserSession(ctx: ServiceContext, userId: string, sessionId: string): Promise<void> {
  await mutate(ctx, async (tx) => {
    await lockTargetUser(tx, ctx, userId);
    const [row] = await selectSessions(prismaSql(tx), Prisma.sql`s.id = ${sessionId}::uuid AND s.user_id = ${userId}::uuid`, 1);
    if (!row) throw notFound("Session", "session_not_found");
    const now = ctx.clock.now();
    // Conditional, so that of two concurrent revocations one ends it and is audited.
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    if (count === 0) return;
    await recordAudit(tx, ctx, {
      action: "session.revoke",
      targetType: "session",
      targetId: sessionId,
      before: toSession(row),
      after: { revokedAt: now.toISOString() },
    });
  }, { changesAccess: true });
}

/** Ends every live session of a user; says how many. Nothing to end changes nothing. */
export async function revokeUserSessions(ctx: ServiceContext, userId: string): Promise<{ revoked: number }> {
  return mutate(ctx, async (tx) => {
    await lockTargetUser(tx, ctx, userId);
    const revoked = await revokeSessionsOf(tx, ctx, userId);
    if (revoked > 0) await recordAudit(tx, ctx, { action: "session.revoke_all", targetType: "user", targetId: userId, after: { revoked } });
    return { revoked };
  }, { changesAccess: true });
}

/**
 * Ending someone's sessions is acting on them: refused when they hold
 * permissions the caller does not (a moderator cannot sign an administrator
 * out). Their row stays locked until commit, so a role granted meanwhile
 * (grants lock it for update) waits for this check's outcome.
 */
async function lockTargetUser(tx: Tx, ctx: ServiceContext, userId: string): Promise<void> {
  const [user] = await tx.$queryRaw<{ id: string; username: string }[]>`
    SELECT id, username::text AS username FROM users WHERE id = ${userId}::uuid FOR SHARE`;
  if (!user) throw userNotFound();
  await assertMayActOn(tx, ctx.actor, { user });
}
