import { MAX_SHARED_TOKENS_PER_ACCOUNT, type CreateSharedAccessToken, type CreatedSharedAccessToken } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { hashToken, newSecret } from "../../kernel/secrets.ts";
import { assertRoomFor, ownerOf, writeOwn } from "../own-space.ts";
import {
  ACCESS_TOKEN_PREFIX,
  WITH_PERMISSIONS,
  assertOwnChannels,
  expiryOf,
  sharedTokenAuditView,
  tokenNameTaken,
  toSharedToken,
} from "./access-tokens.ts";

/**
 * Makes a shared access token: a free name, levels on channels of the
 * account's own, an optional expiry ahead. The secret (32 random bytes)
 * is answered this once; only its hash is kept, and the audit never holds it.
 */
export async function createOwnSharedToken(ctx: ServiceContext, input: CreateSharedAccessToken): Promise<CreatedSharedAccessToken> {
  const userId = ownerOf(ctx);
  const expiresAt = expiryOf(ctx, input.expiresAt) ?? null;
  const secret = newSecret(ACCESS_TOKEN_PREFIX);
  const token = await writeOwn(
    ctx,
    async (tx) => {
      await assertRoomFor(tx, userId, () => tx.accessToken.count({ where: { userId, kind: "shared" } }), {
        max: MAX_SHARED_TOKENS_PER_ACCOUNT,
        what: "shared tokens",
        reason: "token_limit_reached",
      });
      await assertOwnChannels(tx, userId, input.permissions);
      if (await tx.accessToken.findFirst({ where: { userId, kind: "shared", name: input.name }, select: { id: true } })) throw tokenNameTaken();
      const now = ctx.clock.now();
      const created = await tx.accessToken.create({
        data: {
          userId,
          kind: "shared",
          name: input.name,
          tokenHash: hashToken(secret),
          expiresAt,
          createdAt: now,
          updatedAt: now,
          permissions: { create: input.permissions.map(({ channelId, level }) => ({ channelId, level })) },
        },
        include: WITH_PERMISSIONS,
      });
      await recordAudit(tx, ctx, { action: "access_token.create", targetType: "access_token", targetId: created.id, after: sharedTokenAuditView(created) });
      return created;
    },
    { onNameClash: tokenNameTaken },
  );
  return { ...toSharedToken(token, ctx.clock.now()), token: secret };
}
