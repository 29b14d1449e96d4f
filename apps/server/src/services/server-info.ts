import { Prisma } from "@steward/db";
import type { ServerInfo } from "@steward/contracts";
import { stateSql } from "./invites/invite-view.ts";
import type { ServiceContext } from "./kernel/context.ts";
import { liveSessionSql } from "./sessions.ts";
import { ALL_USERS_COUNT_SQL } from "./users/list-users.ts";

/** About this server: its name, version and uptime, and how much the platform holds (one statement). */
export async function getServerInfo(ctx: ServiceContext): Promise<ServerInfo> {
  const now = ctx.clock.now();
  const [row] = await ctx.sql.query<Record<"users" | "groups" | "pending_invites" | "live_sessions" | "site_name", bigint | string | number | null>>(Prisma.sql`SELECT
    ${ALL_USERS_COUNT_SQL} AS users,
    (SELECT count(*) FROM groups) AS groups,
    (SELECT count(*) FROM invites i WHERE ${stateSql("pending", now)}) AS pending_invites,
    (SELECT count(*) FROM sessions s WHERE ${liveSessionSql(now)}) AS live_sessions,
    (SELECT data->>'siteName' FROM settings_documents WHERE id = 'platform') AS site_name`);
  const { version, startedAt } = ctx.settings;
  // The settings' name (read in the same statement); the first-start one before any document exists.
  const siteName = typeof row?.site_name === "string" ? row.site_name : ctx.settings.siteName;
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
