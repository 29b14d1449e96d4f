import { MAX_SHARED_TOKENS_PER_ACCOUNT, type Page, type SharedAccessToken } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { BY_NAME, afterNameCursor, namePage, ownerOf } from "../own-space.ts";
import { WITH_PERMISSIONS, toSharedToken } from "./access-tokens.ts";

/** The account's shared tokens by name, never a secret; `limit` up to the per-account cap (one page is then the whole list). */
export async function listOwnSharedTokens(ctx: ServiceContext, query: { limit: number; cursor?: string }): Promise<Page<SharedAccessToken>> {
  const userId = ownerOf(ctx);
  const limit = Math.min(Math.max(1, query.limit), MAX_SHARED_TOKENS_PER_ACCOUNT);
  const where = { userId, kind: "shared" as const };
  const [rows, total] = await Promise.all([
    ctx.db.accessToken.findMany({ where: { ...where, ...afterNameCursor(query.cursor) }, orderBy: BY_NAME, take: limit + 1, include: WITH_PERMISSIONS }),
    ctx.db.accessToken.count({ where }),
  ]);
  const now = ctx.clock.now();
  return namePage(rows, limit, total, (row) => toSharedToken(row, now));
}
