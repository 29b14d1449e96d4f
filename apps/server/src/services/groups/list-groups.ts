import { Prisma } from "@steward/db";
import type { Group, ListGroupsQuery, Page } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { afterCursorSql, decodeCursor, keysetPage } from "../kernel/paging.ts";
import { selectGroups } from "./group-view.ts";
import { and, escapeLike } from "../kernel/sql.ts";

/**
 * Columns a list can be sorted by, the id breaking ties, so a keyset cursor
 * is exact and every page is a seek in an index (groups_name_id_idx,
 * groups_created_at_id_idx).
 */
const SORTS = {
  name: { columns: [Prisma.raw("g.name"), Prisma.raw("g.id")], casts: ["text", "uuid"], kinds: ["text", "uuid"] },
  createdAt: { columns: [Prisma.raw("g.created_at"), Prisma.raw("g.id")], casts: ["timestamptz", "uuid"], kinds: ["timestamp", "uuid"] },
} as const;
type SortField = keyof typeof SORTS;

/**
 * Groups a page at a time, with member counts (counted in the page's own
 * statement, for its groups only); `total` counts every match. `limit` is
 * taken as given: the HTTP contract caps it at 200, a dialect may ask more.
 */
export async function listGroups(ctx: ServiceContext, query: ListGroupsQuery): Promise<Page<Group>> {
  const descending = query.sort.startsWith("-");
  const field = query.sort.replace(/^-/, "") as SortField;
  const sort = SORTS[field];
  const filters = query.q ? [Prisma.sql`g.name ILIKE ${`%${escapeLike(query.q)}%`}`] : [];
  const pageWhere = query.cursor
    ? [...filters, afterCursorSql(sort.columns, sort.casts, decodeCursor(query.cursor, query.sort, sort.kinds), descending)]
    : filters;
  const direction = Prisma.raw(descending ? "DESC" : "ASC");
  const order = Prisma.join(sort.columns.map((column) => Prisma.sql`${column} ${direction}`));
  // A search pattern's selectivity decides the plan: planned per execution.
  const options = { prepare: !query.q };
  const [groups, [count]] = await Promise.all([
    // One row more than asked tells whether a next page exists.
    selectGroups(ctx.sql, and(pageWhere), { order, limit: query.limit + 1 }, options),
    ctx.sql.query<{ n: number | string | bigint }>(Prisma.sql`SELECT count(*) AS n FROM groups g WHERE ${and(filters)}`, options),
  ]);
  return keysetPage(
    groups,
    { limit: query.limit, sort: query.sort, total: Number(count?.n ?? 0) },
    (group) => group,
    (group) => [field === "name" ? group.name : group.createdAt, group.id],
  );
}

