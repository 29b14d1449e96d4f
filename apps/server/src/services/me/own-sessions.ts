import type { OwnSession, Page } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { mutate } from "../kernel/mutate.ts";
import { listUserSessions, revokeUserSession } from "../sessions.ts";
import { revokeSessionsOf } from "../users/users.ts";
import { sessionUserOf } from "./me.ts";

/** The signed-in account's live sessions, newest first, each saying whether it is the one calling. */
export async function listOwnSessions(ctx: ServiceContext, query: { limit: number; cursor?: string }): Promise<Page<OwnSession>> {
  const { userId, sessionId } = sessionUserOf(ctx);
  const { sessions } = await listUserSessions(ctx, { id: userId }, query);
  return { ...sessions, data: sessions.data.map((session) => ({ ...session, current: session.id === sessionId })) };
}

/** Ends one of the signed-in account's sessions (this one too, if named: that signs out). 404 for anyone else's. */
export async function revokeOwnSession(ctx: ServiceContext, sessionId: string): Promise<void> {
  await revokeUserSession(ctx, sessionUserOf(ctx).userId, sessionId);
}

/** Ends every session of the signed-in account but the one calling. */
export async function revokeOtherOwnSessions(ctx: ServiceContext): Promise<{ revoked: number }> {
  const { userId, sessionId } = sessionUserOf(ctx);
  return mutate(
    ctx,
    async (tx) => {
      const count = await revokeSessionsOf(tx, ctx, userId, { except: sessionId });
      if (count > 0) await recordAudit(tx, ctx, { action: "session.revoke_others", targetType: "user", targetId: userId, after: { revoked: count } });
      return { revoked: count };
    },
    { changesAccess: true },
  );
}
