import { MAX_BOOKMARKS_PER_ACCOUNT, type Bookmark, type Page } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { BY_NAME, afterNameCursor, namePage, ownerOf } from "../own-space.ts";
import { toBookmark } from "./bookmarks.ts";

/** The account's bookmarks by name; `limit` up to the per-account cap (one page is then the whole list). */
export async function listOwnBookmarks(ctx: ServiceContext, query: { limit: number; cursor?: string }): Promise<Page<Bookmark>> {
  const userId = ownerOf(ctx);
  const limit = Math.min(Math.max(1, query.limit), MAX_BOOKMARKS_PER_ACCOUNT);
  const [rows, total] = await Promise.all([
    ctx.db.bookmark.findMany({ where: { userId, ...afterNameCursor(query.cursor) }, orderBy: BY_NAME, take: limit + 1 }),
    ctx.db.bookmark.count({ where: { userId } }),
  ]);
  return namePage(rows, limit, total, (row) => toBookmark(ctx, row));
}
