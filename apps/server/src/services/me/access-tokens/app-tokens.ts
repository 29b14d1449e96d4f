import { randomUUID } from "node:crypto";
import { MAX_APP_TOKENS_PER_ACCOUNT, type AppToken, type AppTokenWithSecret, type Page } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ServiceError } from "../../kernel/errors.ts";
import { hashToken, newSecret } from "../../kernel/secrets.ts";
import { appIdOf } from "../app-id.ts";
import { sessionUserOf } from "../me.ts";
import { BY_NAME, afterNameCursor, isRowId, limitReached, lockAccount, namePage, ownerOf, writeOwn } from "../own-space.ts";
import { ACCESS_TOKEN_PREFIX, accessTokenNotFound, openAppToken, sealAppToken } from "./access-tokens.ts";

/**
 * Apps' personal tokens: one per (account, app id), named by the app id.
 * Made on the app's first request and answered again on every later one
 * (so the secret is kept sealed as well as hashed), until revoked.
 */

interface AppTokenRow {
  id: string;
  name: string;
  lastUsedAt: Date | null;
  createdAt: Date;
}

const toAppToken = (row: AppTokenRow): AppToken => ({
  id: row.id,
  appId: row.name,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** The account's app tokens by app id, each with its last use; never a secret. */
export async function listOwnAppTokens(ctx: ServiceContext, query: { limit: number; cursor?: string }): Promise<Page<AppToken>> {
  const userId = ownerOf(ctx);
  const limit = Math.min(Math.max(1, query.limit), MAX_APP_TOKENS_PER_ACCOUNT);
  const where = { userId, kind: "personal" as const };
  const [rows, total] = await Promise.all([
    ctx.db.accessToken.findMany({ where: { ...where, ...afterNameCursor(query.cursor) }, orderBy: BY_NAME, take: limit + 1 }),
    ctx.db.accessToken.count({ where }),
  ]);
  return namePage(rows, limit, total, toAppToken);
}

/**
 * The app's personal token. The app is `input.appId` (slugified), or else
 * the one the calling session signed in for (the early Pryv methods'
 * `get-my-token` names none: 400 `app_id_required` when the session has
 * none either). Under the account's row lock, so two first requests make
 * one token. A sealed secret that no longer opens (its key was dropped)
 * is replaced by a new one, audited.
 */
export async function getOwnAppToken(ctx: ServiceContext, input: { appId?: string }): Promise<AppTokenWithSecret> {
  const { userId, sessionId } = sessionUserOf(ctx);
  const appId = input.appId !== undefined ? appIdOf(input.appId) : await sessionAppId(ctx, sessionId);
  return writeOwn(ctx, async (tx) => {
    await lockAccount(tx, userId);
    const found = await tx.accessToken.findFirst({ where: { userId, kind: "personal", appId } });
    if (found) {
      const secret = found.sealedToken ? openAppToken(ctx, found.id, found.sealedToken) : null;
      if (secret) return { ...toAppToken(found), token: secret, created: false };
      const fresh = newSecret(ACCESS_TOKEN_PREFIX);
      const reissued = await tx.accessToken.update({
        where: { id: found.id },
        data: { tokenHash: hashToken(fresh), sealedToken: sealAppToken(ctx, found.id, fresh), updatedAt: ctx.clock.now() },
      });
      await recordAudit(tx, ctx, { action: "app_token.reissue", targetType: "access_token", targetId: found.id, after: { appId } });
      return { ...toAppToken(reissued), token: fresh, created: false };
    }
    const held = await tx.accessToken.count({ where: { userId, kind: "personal" } });
    if (held >= MAX_APP_TOKENS_PER_ACCOUNT) throw limitReached({ max: MAX_APP_TOKENS_PER_ACCOUNT, what: "app tokens", reason: "token_limit_reached" });
    const secret = newSecret(ACCESS_TOKEN_PREFIX);
    const id = randomUUID();
    const now = ctx.clock.now();
    const created = await tx.accessToken.create({
      data: { id, userId, kind: "personal", name: appId, appId, tokenHash: hashToken(secret), sealedToken: sealAppToken(ctx, id, secret), createdAt: now, updatedAt: now },
    });
    await recordAudit(tx, ctx, { action: "app_token.create", targetType: "access_token", targetId: id, after: { appId } });
    return { ...toAppToken(created), token: secret, created: true };
  });
}

async function sessionAppId(ctx: ServiceContext, sessionId: string): Promise<string> {
  const session = await ctx.db.session.findUnique({ where: { id: sessionId }, select: { appId: true } });
  if (session?.appId) return session.appId;
  throw new ServiceError("bad_request", "Name the app: this session was not opened for one", {
    reason: "app_id_required",
    fields: [{ path: "body.appId", message: "Required", code: "app_id_required" }],
  });
}

/** Revokes an app's token: it stops working at once; the app's next request makes a new one. 404 for anyone else's. */
export async function revokeOwnAppToken(ctx: ServiceContext, tokenId: string): Promise<void> {
  const userId = ownerOf(ctx);
  await writeOwn(ctx, async (tx) => {
    const token = isRowId(tokenId) ? await tx.accessToken.findFirst({ where: { id: tokenId, userId, kind: "personal" } }) : null;
    if (!token) throw accessTokenNotFound();
    await tx.accessToken.delete({ where: { id: token.id } });
    await recordAudit(tx, ctx, { action: "app_token.revoke", targetType: "access_token", targetId: token.id, before: { appId: token.appId } });
  });
}
