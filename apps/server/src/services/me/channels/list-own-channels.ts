import { MAX_CHANNELS_PER_ACCOUNT, type Channel, type ChannelState, type Page } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { BY_NAME, afterNameCursor, namePage, ownerOf } from "../own-space.ts";
import { toChannel } from "./channels.ts";

const STATE_FILTER = {
  default: { trashedAt: null },
  trashed: { NOT: { trashedAt: null } },
  all: {},
} as const;

/**
 * The account's channels by name, in the trash or not as `state` asks.
 * `limit` up to MAX_CHANNELS_PER_ACCOUNT: an account holds no more, so
 * one page of that size is the whole list (what the Pryv methods answer).
 */
export async function listOwnChannels(ctx: ServiceContext, query: { state?: ChannelState; limit: number; cursor?: string }): Promise<Page<Channel>> {
  const userId = ownerOf(ctx);
  const limit = Math.min(Math.max(1, query.limit), MAX_CHANNELS_PER_ACCOUNT);
  const where = { userId, ...STATE_FILTER[query.state ?? "default"] };
  const [rows, total] = await Promise.all([
    ctx.db.channel.findMany({ where: { ...where, ...afterNameCursor(query.cursor) }, orderBy: BY_NAME, take: limit + 1 }),
    ctx.db.channel.count({ where }),
  ]);
  return namePage(rows, limit, total, toChannel);
}
