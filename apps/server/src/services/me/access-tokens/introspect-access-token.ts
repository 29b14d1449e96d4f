import type { AccessTokenIntrospection } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { assertNeeds } from "../../kernel/permissions.ts";
import { hashToken } from "../../kernel/secrets.ts";

/** How often a token's last use is written: checks closer together than this do not write. */
const LAST_USE_GRANULARITY_MS = 60_000;

/**
 * What an access token an account handed out grants now, for the services
 * holding that account's data (`access-tokens:introspect`). Re-checked on
 * every call, from the database: nothing once it is deleted, revoked or
 * expired, or its account is deactivated; a shared token's levels only on
 * channels that exist and are not in the trash. Records the use (at most
 * once a minute per token).
 */
export async function introspectAccessToken(ctx: ServiceContext, token: string): Promise<AccessTokenIntrospection> {
  assertNeeds(ctx.actor, ["access-tokens:introspect"], "Checking access tokens");
  const now = ctx.clock.now();
  const found = await ctx.db.accessToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: {
      user: { select: { username: true, status: true } },
      permissions: { where: { channel: { trashedAt: null } }, select: { channelId: true, level: true }, orderBy: { channelId: "asc" } },
    },
  });
  if (!found || found.user.status !== "active" || (found.expiresAt !== null && found.expiresAt <= now)) return { active: false };
  await ctx.db.accessToken.updateMany({
    where: { id: found.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USE_GRANULARITY_MS) } }] },
    data: { lastUsedAt: now },
  });
  return {
    active: true,
    tokenId: found.id,
    kind: found.kind,
    userId: found.userId,
    username: found.user.username,
    appId: found.appId,
    permissions: found.kind === "shared" ? found.permissions : [],
    expiresAt: found.expiresAt?.toISOString() ?? null,
  };
}
