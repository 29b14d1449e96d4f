import type { Channel } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf } from "../own-space.ts";
import { findOwnChannel, toChannel } from "./channels.ts";
import { updateOwnChannel } from "./update-own-channel.ts";

/**
 * Takes a channel out of the trash; its tokens' permissions apply again.
 * One not there is answered as it is: no write, no audit event.
 */
export async function restoreOwnChannel(ctx: ServiceContext, channelId: string): Promise<Channel> {
  const channel = await findOwnChannel(ctx.db, ownerOf(ctx), channelId);
  if (channel.trashedAt === null) return toChannel(channel);
  return updateOwnChannel(ctx, channel.id, { trashed: false });
}
