import type { Bookmark, UpdateBookmark } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf, writeOwn } from "../own-space.ts";
import { assertBookmarkUrl, bookmarkAuditView, findOwnBookmark, sealBookmarkToken, toBookmark } from "./bookmarks.ts";

/** Changes a bookmark's name, URL or token (null removes it). Audited before and after, never with the token. */
export async function updateOwnBookmark(ctx: ServiceContext, bookmarkId: string, patch: UpdateBookmark): Promise<Bookmark> {
  const userId = ownerOf(ctx);
  if (patch.url !== undefined) assertBookmarkUrl(patch.url);
  return writeOwn(ctx, async (tx) => {
    const before = await findOwnBookmark(tx, userId, bookmarkId);
    const after = await tx.bookmark.update({
      where: { id: before.id },
      data: {
        name: patch.name,
        url: patch.url,
        sealedToken: patch.accessToken === undefined ? undefined : sealBookmarkToken(ctx, before.id, patch.accessToken),
        updatedAt: ctx.clock.now(),
      },
    });
    await recordAudit(tx, ctx, { action: "bookmark.update", targetType: "bookmark", targetId: after.id, before: bookmarkAuditView(before), after: bookmarkAuditView(after) });
    return toBookmark(ctx, after);
  });
}
