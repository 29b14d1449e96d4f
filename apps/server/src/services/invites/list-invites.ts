import { Prisma } from "@steward/db";
import type { Invite, ListInvitesQuery, Page } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { afterCursorSql, decodeCursor, keysetPage } from "../kernel/paging.ts";
import { and, iso } from "../kernel/sql.ts";
import { selectInvites, stateSql, toInvite } from "./invite-view.ts";
import { revealed } from "./invites.ts";

/** Lists page by at most this many: 200 over HTTP (the contract), more for a dialect that asks. */
const MAX_LIST_LIMIT = 1000;
const LIST_SORT = "-createdAt";
const LIST_COLUMNS = [Prisma.raw("i.created_at"), Prisma.raw("i.id")];

export interface ListOptions {
  /**
   * Show each invite's token to a caller who could make it (each reveal
   * audited): for the APIs whose lists carry tokens (Prosody, Pleroma).
   * Otherwise lists carry none (`tokenHidden: list`).
   */
  revealTokens?: boolean;
}

/**
 * Newest first, keyset-paged on (created_at, id); the state (at the
 * clock's now) and kind filters are SQL, and `total` counts every match.
 */
export async function listInvites(ctx: ServiceContext, query: ListInvitesQuery, options: ListOptions = {}): Promise<Page<Invite>> {
  const now = ctx.clock.now();
  const filters: Prisma.Sql[] = [];
  if (query.state !== "all") filters.push(stateSql(query.state, now));
  if (query.kind) filters.push(Prisma.sql`i.kind = ${query.kind}::"InviteKind"`);
  const pageWhere = [...filters];
  if (query.cursor) {
    pageWhere.push(afterCursorSql(LIST_COLUMNS, ["timestamptz", "uuid"], decodeCursor(query.cursor, LIST_SORT, ["timestamp", "uuid"]), true));
  }
  const limit = Math.min(Math.max(1, Math.trunc(query.limit)), MAX_LIST_LIMIT);
  // One row more than asked tells whether a next page exists.
  const [rows, [count]] = await Promise.all([
    selectInvites(ctx.sql, and(pageWhere), limit + 1),
    ctx.sql.query<{ n: number | string | bigint }>(Prisma.sql`SELECT count(*) AS n FROM invites i WHERE ${and(filters)}`),
  ]);
  const page = rows.slice(0, limit);
  const shown = options.revealTokens ? await revealed(ctx, page, now) : page.map((row) => toInvite(ctx, row, { now }));
  const byId = new Map(shown.map((invite) => [invite.id, invite]));
  return keysetPage(
    rows,
    { limit, sort: LIST_SORT, total: Number(count?.n ?? 0) },
    (row) => byId.get(row.id)!,
    (row) => [iso(row.created_at), row.id],
  );
}
