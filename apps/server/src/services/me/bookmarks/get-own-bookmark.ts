import type { Bookmark } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf } from "../own-space.ts";
import { findOwnBookmark, toBookmark } from "./bookmarks.ts";

/** One of the account's bookmarks; 404 `bookmark_not_found` for anyone else's. */
export async function getOwnBookmark(ctx: ServiceContext, bookmarkId: string): Promise<Bookmark> {
  return toBookmark(ctx, await findOwnBookmark(ctx.db, ownerOf(ctx), bookmarkId));
}
