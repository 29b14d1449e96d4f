import type { Channel, UpdateChannel } from "@steward/contracts";
import type { Prisma } from "@steward/db";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf, writeOwn } from "../own-space.ts";
import { assertChannelFields, assertChannelNameFree, channelAuditView, channelNameTaken, findOwnChannel, toChannel } from "./channels.ts";

/**
 * Changes one of the account's channels: name (still free), colour, client
 * data (replaced whole), and — for the surfaces that move channels in and
 * out of the trash by editing them (Pryv) — `trashed`. Audited before and after.
 */
export async function updateOwnChannel(ctx: ServiceContext, channelId: string, patch: UpdateChannel & { trashed?: boolean }): Promise<Channel> {
  const userId = ownerOf(ctx);
  assertChannelFields(patch);
  return writeOwn(
    ctx,
    async (tx) => {
      const before = await findOwnChannel(tx, userId, channelId);
      if (patch.name !== undefined) await assertChannelNameFree(tx, userId, patch.name, before.id);
      const now = ctx.clock.now();
      const trashedAt = patch.trashed === undefined ? undefined : patch.trashed ? (before.trashedAt ?? now) : null;
      const after = await tx.channel.update({
        where: { id: before.id },
        data: {
          name: patch.name,
          color: patch.color,
          clientData: patch.clientData as Prisma.InputJsonObject | undefined,
          trashedAt,
          updatedAt: now,
        },
      });
      await recordAudit(tx, ctx, { action: "channel.update", targetType: "channel", targetId: after.id, before: channelAuditView(before), after: channelAuditView(after) });
      return toChannel(after);
    },
    { onNameClash: channelNameTaken },
  );
}
