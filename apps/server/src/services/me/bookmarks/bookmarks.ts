import { bookmarkUrlProblem, type Bookmark } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ServiceError, notFound } from "../../kernel/errors.ts";
import { SEAL_CONTEXT } from "../../kernel/keyring.ts";
import type { Tx } from "../../kernel/mutate.ts";
import { isRowId } from "../own-space.ts";

/**
 * An account's bookmarks: links to data others shared with it, each with
 * the token that opens it, kept sealed to its row (lists show it again).
 * What the use cases beside this file share.
 */

export interface BookmarkRecord {
  id: string;
  name: string;
  url: string;
  sealedToken: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const tokenContext = (bookmarkId: string) => `${SEAL_CONTEXT.bookmarkToken}:${bookmarkId}`;

export const sealBookmarkToken = (ctx: Pick<ServiceContext, "keyring">, bookmarkId: string, token: string | null): string | null =>
  token === null ? null : ctx.keyring.seal(token, tokenContext(bookmarkId));

export function toBookmark(ctx: Pick<ServiceContext, "keyring" | "log">, row: BookmarkRecord): Bookmark {
  let accessToken: string | null = null;
  if (row.sealedToken) {
    try {
      accessToken = ctx.keyring.open(row.sealedToken, tokenContext(row.id));
    } catch (error) {
      ctx.log.warn("bookmark token cannot be opened", { bookmarkId: row.id, reason: (error as Error).message });
    }
  }
  return { id: row.id, name: row.name, url: row.url, accessToken, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** What the audit log keeps of a bookmark: whether it holds a token, never the token. */
export const bookmarkAuditView = (row: BookmarkRecord) => ({ name: row.name, url: row.url, hasAccessToken: row.sealedToken !== null });

export const bookmarkNotFound = () => notFound("Bookmark", "bookmark_not_found");

/** One of the account's bookmarks; 404 `bookmark_not_found` for any other id. */
export async function findOwnBookmark(tx: Pick<Tx, "bookmark">, userId: string, bookmarkId: string): Promise<BookmarkRecord> {
  const bookmark = isRowId(bookmarkId) ? await tx.bookmark.findFirst({ where: { id: bookmarkId, userId } }) : null;
  if (!bookmark) throw bookmarkNotFound();
  return bookmark;
}

/** Only absolute http(s) URLs with a host and no credentials: 422 `invalid_bookmark_url` otherwise. */
export function assertBookmarkUrl(url: string): void {
  const parsed = bookmarkUrlProblem(url);
  if (parsed === null) return;
  throw new ServiceError("unprocessable_entity", `Invalid bookmark URL: ${parsed}`, {
    reason: "invalid_bookmark_url",
    fields: [{ path: "body.url", message: parsed, code: "invalid_bookmark_url" }],
  });
}
