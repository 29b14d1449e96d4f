import type { Channel } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { updateOwnChannel } from "./update-own-channel.ts";

/** Takes a channel out of the trash (one not there is answered as it is); its tokens' permissions apply again. */
export async function restoreOwnChannel(ctx: ServiceContext, channelId: string): Promise<Channel> {
  return updateOwnChannel(ctx, channelId, { trashed: false });
}
