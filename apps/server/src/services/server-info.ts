import { Prisma } from "@steward/db";
import type { ServerInfo } from "@steward/contracts";
import type { ServiceContext } from "./kernel/context.ts";
import { liveSessionSql } from "./sessions.ts";
import { ALL_USERS_COUNT_SQL } from "./users/list-users.ts";

/**
 * An invite that can still be redeemed, on `invites i`: not revoked, not
 * expired by the services' clock, and with a use left (a single-use invite
 * has none once redeemed, whether or not it records `max_uses`).
 */
function pendingInviteSql(now: Date): Prisma.Sql {
  return Prisma.sql`i.revoked_at IS NULL AND (i.expires_at IS NULL OR i.expires_at > ${now}::timestamptz)
    AND (i.max_uses IS NULL OR i.uses < i.max_uses) AND (i.reusable OR i.uses = 0)`;
}

/** About this server: its name, version and uptime, and how much the platform holds (one statement). */
export async function getServerInfo(ctx: ServiceContext): Promise<ServerInfo> {
  const now = ctx.clock.now();
  const [row] = await ctx.sql.query<Record<"users" | "groups" | "pending_invites" | "live_sessions", bigint | string | number>>(Prisma.sql`SELECT
    ${ALL_USERS_COUNT_SQL} AS users,
    (SELECT count(*) FROM groups) AS groups,
    (SELECT count(*) FROM invites i WHERE ${pendingInviteSql(now)}) AS pending_invites,
    (SELECT count(*) FROM sessions s WHERE ${liveSessionSql(now)}) AS live_sessions`);
  const { siteName, version, startedAt } = ctx.settings;
  return {
    siteName,
    version,
    startedAt: startedAt.toISOString(),
    uptimeSeconds: Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000)),
    counts: {
      users: Number(row?.users ?? 0),
      groups: Number(row?.groups ?? 0),
      pendingInvites: Number(row?.pending_invites ?? 0),
      liveSessions: Number(row?.live_sessions ?? 0),
    },
  };
}
