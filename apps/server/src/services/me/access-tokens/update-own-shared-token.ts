import type { SharedAccessToken, UpdateSharedAccessToken } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf, writeOwn } from "../own-space.ts";
import { WITH_PERMISSIONS, assertOwnChannels, expiryOf, findOwnSharedToken, sharedTokenAuditView, tokenNameTaken, toSharedToken } from "./access-tokens.ts";

/** Changes a shared token's name, permissions (replaced whole) or expiry; its secret stays. Audited before and after. */
export async function updateOwnSharedToken(ctx: ServiceContext, tokenId: string, patch: UpdateSharedAccessToken): Promise<SharedAccessToken> {
  const userId = ownerOf(ctx);
  const expiresAt = expiryOf(ctx, patch.expiresAt);
  const token = await writeOwn(
    ctx,
    async (tx) => {
      const before = await findOwnSharedToken(tx, userId, tokenId);
      if (patch.name !== undefined && patch.name !== before.name) {
        if (await tx.accessToken.findFirst({ where: { userId, kind: "shared", name: patch.name }, select: { id: true } })) throw tokenNameTaken();
      }
      if (patch.permissions) {
        await assertOwnChannels(tx, userId, patch.permissions);
        await tx.accessTokenPermission.deleteMany({ where: { tokenId: before.id } });
        await tx.accessTokenPermission.createMany({ data: patch.permissions.map(({ channelId, level }) => ({ tokenId: before.id, channelId, level })) });
      }
      const after = await tx.accessToken.update({
        where: { id: before.id },
        data: { name: patch.name, expiresAt, updatedAt: ctx.clock.now() },
        include: WITH_PERMISSIONS,
      });
      await recordAudit(tx, ctx, {
        action: "access_token.update",
        targetType: "access_token",
        targetId: after.id,
        before: sharedTokenAuditView(before),
        after: sharedTokenAuditView(after),
      });
      return after;
    },
    { onNameClash: tokenNameTaken },
  );
  return toSharedToken(token, ctx.clock.now());
}
