import type { Channel } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf } from "../own-space.ts";
import { findOwnChannel, toChannel } from "./channels.ts";

/** One of the account's channels; 404 `channel_not_found` for anyone else's. */
export async function getOwnChannel(ctx: ServiceContext, channelId: string): Promise<Channel> {
  return toChannel(await findOwnChannel(ctx.db, ownerOf(ctx), channelId));
}
