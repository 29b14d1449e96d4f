import { randomUUID } from "node:crypto";
import { MAX_BOOKMARKS_PER_ACCOUNT, type Bookmark, type CreateBookmark } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { assertRoomFor, ownerOf, writeOwn } from "../own-space.ts";
import { assertBookmarkUrl, bookmarkAuditView, sealBookmarkToken, toBookmark } from "./bookmarks.ts";

/** Keeps a bookmark for the signed-in account: an http(s) URL, an optional token (sealed), at most MAX_BOOKMARKS_PER_ACCOUNT. */
export async function createOwnBookmark(ctx: ServiceContext, input: CreateBookmark): Promise<Bookmark> {
  const userId = ownerOf(ctx);
  assertBookmarkUrl(input.url);
  return writeOwn(ctx, async (tx) => {
    await assertRoomFor(tx, userId, () => tx.bookmark.count({ where: { userId } }), {
      max: MAX_BOOKMARKS_PER_ACCOUNT,
      what: "bookmarks",
      reason: "bookmark_limit_reached",
    });
    const id = randomUUID();
    const now = ctx.clock.now();
    const bookmark = await tx.bookmark.create({
      data: { id, userId, name: input.name, url: input.url, sealedToken: sealBookmarkToken(ctx, id, input.accessToken ?? null), createdAt: now, updatedAt: now },
    });
    await recordAudit(tx, ctx, { action: "bookmark.create", targetType: "bookmark", targetId: id, after: bookmarkAuditView(bookmark) });
    return toBookmark(ctx, bookmark);
  });
}
