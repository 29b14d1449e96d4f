import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf, writeOwn } from "../own-space.ts";
import { bookmarkAuditView, findOwnBookmark } from "./bookmarks.ts";

/** Deletes one of the account's bookmarks; 404 `bookmark_not_found` for anyone else's. */
export async function deleteOwnBookmark(ctx: ServiceContext, bookmarkId: string): Promise<void> {
  const userId = ownerOf(ctx);
  await writeOwn(ctx, async (tx) => {
    const bookmark = await findOwnBookmark(tx, userId, bookmarkId);
    await tx.bookmark.delete({ where: { id: bookmark.id } });
    await recordAudit(tx, ctx, { action: "bookmark.delete", targetType: "bookmark", targetId: bookmark.id, before: bookmarkAuditView(bookmark) });
  });
}
