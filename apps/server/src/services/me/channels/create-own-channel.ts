import { MAX_CHANNELS_PER_ACCOUNT, type Channel, type CreateChannel } from "@steward/contracts";
import type { Prisma } from "@steward/db";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { assertRoomFor, ownerOf, writeOwn } from "../own-space.ts";
import { assertChannelFields, assertChannelNameFree, channelAuditView, channelNameTaken, toChannel } from "./channels.ts";

/** Makes a channel for the signed-in account: a free name, at most MAX_CHANNELS_PER_ACCOUNT (trashed ones count). */
export async function createOwnChannel(ctx: ServiceContext, input: CreateChannel): Promise<Channel> {
  const userId = ownerOf(ctx);
  assertChannelFields(input);
  return writeOwn(
    ctx,
    async (tx) => {
      await assertRoomFor(tx, userId, () => tx.channel.count({ where: { userId } }), {
        max: MAX_CHANNELS_PER_ACCOUNT,
        what: "channels",
        reason: "channel_limit_reached",
      });
      await assertChannelNameFree(tx, userId, input.name);
      const now = ctx.clock.now();
      const channel = await tx.channel.create({
        data: { userId, name: input.name, color: input.color ?? null, clientData: (input.clientData ?? {}) as Prisma.InputJsonObject, createdAt: now, updatedAt: now },
      });
      await recordAudit(tx, ctx, { action: "channel.create", targetType: "channel", targetId: channel.id, after: channelAuditView(channel) });
      return toChannel(channel);
    },
    { onNameClash: channelNameTaken },
  );
}
