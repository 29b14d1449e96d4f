import type { DeletedChannel } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf, writeOwn } from "../own-space.ts";
import { channelAuditView, findOwnChannel } from "./channels.ts";

/**
 * The first delete moves a channel to the trash (its tokens' permissions
 * on it stop granting anything, and come back on restore); deleting a
 * trashed channel removes it for good, and the permissions naming it go
 * with it (the foreign key cascades).
 */
export async function deleteOwnChannel(ctx: ServiceContext, channelId: string): Promise<DeletedChannel> {
  const userId = ownerOf(ctx);
  return writeOwn(
    ctx,
    async (tx) => {
      const channel = await findOwnChannel(tx, userId, channelId);
      if (channel.trashedAt === null) {
        const now = ctx.clock.now();
        await tx.channel.update({ where: { id: channel.id }, data: { trashedAt: now, updatedAt: now } });
        await recordAudit(tx, ctx, { action: "channel.trash", targetType: "channel", targetId: channel.id, before: channelAuditView(channel) });
        return { outcome: "trashed" as const, tokenPermissionsRemoved: 0 };
      }
      const tokenPermissionsRemoved = await tx.accessTokenPermission.count({ where: { channelId: channel.id } });
      await tx.channel.delete({ where: { id: channel.id } });
      await recordAudit(tx, ctx, {
        action: "channel.delete",
        targetType: "channel",
        targetId: channel.id,
        before: channelAuditView(channel),
        after: { tokenPermissionsRemoved },
      });
      return { outcome: "deleted" as const, tokenPermissionsRemoved };
    },
  );
}
