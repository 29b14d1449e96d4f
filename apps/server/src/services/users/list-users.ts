import { Prisma, USER_NAMES_TEXT, USER_SEARCH_TEXT, type SqlClient } from "@steward/db";
import type { ListUsersQuery, Page, User } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { afterCursorSql, decodeCursor, keysetPage } from "../kernel/paging.ts";
import { selectUsers, type UserRecord } from "./user-view.ts";
import { and, escapeLike } from "../kernel/sql.ts";

/**
 * Columns a list can be sorted by. Each is unique (created_at with the id as
 * tie-breaker), so a keyset cursor is exact and every page is an index seek.
 */
const SORTS = {
  createdAt: { columns: [Prisma.raw("u.created_at"), Prisma.raw("u.id")], casts: ["timestamptz", "uuid"], kinds: ["timestamp", "uuid"] },
  username: { columns: [Prisma.raw("u.username")], casts: ["citext"], kinds: ["text"] },
  numericId: { columns: [Prisma.raw("u.numeric_id")], casts: ["int"], kinds: ["int4"] },
} as const;
type SortField = keyof typeof SORTS;

const SEARCH_TEXT = Prisma.raw(USER_SEARCH_TEXT);
/**
 * The names of a user, as `name` matches them: the tail of USER_SEARCH_TEXT,
 * so whatever matches here matches there, and the trigram index on that
 * text finds the candidates this re-checks.
 */
const NAMES_TEXT = Prisma.raw(USER_NAMES_TEXT);

export async function listUsers(ctx: ServiceContext, query: ListUsersQuery): Promise<Page<User>> {
  const { sql } = ctx;
  const filters = filterClauses(query);
  const descending = query.sort.startsWith("-");
  const field = query.sort.replace(/^-/, "") as SortField;
  const sort = SORTS[field];

  const pageWhere = [...filters];
  if (query.cursor) {
    pageWhere.push(afterCursorSql(sort.columns, sort.casts, decodeCursor(query.cursor, query.sort, sort.kinds), descending));
  }
  const direction = Prisma.raw(descending ? "DESC" : "ASC");
  const order = Prisma.join(sort.columns.map((column) => Prisma.sql`${column} ${direction}`));
  // One row more than asked tells whether a next page exists.
  const limit = query.limit + 1;
  const { records, total } = query.q || query.name
    ? await searchPage(sql, filters, pageWhere, order, limit)
    : await filteredPage(sql, filters, pageWhere, order, limit);
  return keysetPage(
    records,
    { limit: query.limit, sort: query.sort, total },
    (record) => record.user,
    (record) => cursorValues(field, record.user),
  );
}

interface PageAndTotal {
  records: UserRecord[];
  total: number;
}

/** Without a search the page is an index walk in sort order, and the total a separate count. */
async function filteredPage(sql: SqlClient, filters: Prisma.Sql[], pageWhere: Prisma.Sql[], order: Prisma.Sql, limit: number): Promise<PageAndTotal> {
  const [records, total] = await Promise.all([
    selectUsers(sql, and(pageWhere), { order, limit }),
    countUsers(sql, filters),
  ]);
  return { records, total };
}

/**
 * A search finds its matches through the trigram index and re-checks each
 * candidate row: the costly part. The matches are collected once
 * (MATERIALIZED), then counted and paged from there, instead of scanning
 * twice. Planned per execution: how selective a pattern is decides the plan.
 */
async function searchPage(sql: SqlClient, filters: Prisma.Sql[], pageWhere: Prisma.Sql[], order: Prisma.Sql, limit: number): Promise<PageAndTotal> {
  const afterCursor = and(pageWhere.slice(filters.length));
  const [row] = await sql.query<{ total: number | string | bigint; ids: string[] | null }>(
    Prisma.sql`WITH matches AS MATERIALIZED (SELECT u.id, u.created_at, u.username, u.numeric_id FROM users u WHERE ${and(filters)})
    SELECT (SELECT count(*) FROM matches) AS total,
      ARRAY(SELECT u.id FROM matches u WHERE ${afterCursor} ORDER BY ${order} LIMIT ${limit}) AS ids`,
    { prepare: false },
  );
  const ids = row?.ids ?? [];
  const records = ids.length ? await selectUsers(sql, Prisma.sql`u.id = ANY(${ids}::uuid[])`, { order, limit }) : [];
  return { records, total: Number(row?.total ?? 0) };
}

function cursorValues(field: SortField, user: User): (string | number)[] {
  switch (field) {
    case "createdAt":
      return [user.createdAt, user.id];
    case "username":
      return [user.username];
    case "numericId":
      return [user.numericId];
  }
}

/**
 * How many users there are, as an SQL expression: the row kept exact by
 * statement triggers (counting a million rows per page is not cheap), or a
 * count where that row is missing.
 */
export const ALL_USERS_COUNT_SQL = Prisma.sql`COALESCE((SELECT rows FROM table_counts WHERE table_name = 'users'), (SELECT count(*) FROM users))`;

async function countUsers(sql: SqlClient, filters: Prisma.Sql[]): Promise<number> {
  const [row] = await sql.query<{ n: bigint | string }>(
    filters.length === 0
      ? Prisma.sql`SELECT ${ALL_USERS_COUNT_SQL} AS n`
      : Prisma.sql`SELECT count(*) AS n FROM users u WHERE ${and(filters)}`,
  );
  return Number(row?.n ?? 0);
}

function filterClauses(query: ListUsersQuery): Prisma.Sql[] {
  const clauses: Prisma.Sql[] = [];
  if (query.q) clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(query.q)}`);
  if (query.name) {
    // The first clause can use the trigram index; the second keeps only name matches.
    clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(query.name)}`, Prisma.sql`${NAMES_TEXT} LIKE ${containing(query.name)}`);
  }
  if (query.status) clauses.push(Prisma.sql`u.status = ${query.status}::"UserStatus"`);
  for (const role of new Set(query.role ?? [])) {
    clauses.push(Prisma.sql`EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
      WHERE ur.user_id = u.id AND r.name = ${role})`);
  }
  if (query.tag && query.tag.length > 0) clauses.push(Prisma.sql`u.tags @> ${query.tag}::text[]`);
  if (query.group) {
    clauses.push(Prisma.sql`EXISTS (SELECT 1 FROM group_memberships gm WHERE gm.user_id = u.id AND gm.group_id = ${query.group}::uuid)`);
  }
  if (query.local !== undefined) clauses.push(query.local ? Prisma.sql`u.domain IS NULL` : Prisma.sql`u.domain IS NOT NULL`);
  if (query.domain) clauses.push(Prisma.sql`u.domain = ${query.domain}`);
  if (query.email) clauses.push(Prisma.sql`u.email = ${query.email}::citext`);
  if (query.externalId) clauses.push(Prisma.sql`u.external_id = ${query.externalId}`);
  return clauses;
}

/** A LIKE pattern for a case-insensitive substring (the texts searched are lower case). */
function containing(text: string): string {
  return `%${escapeLike(text.toLowerCase())}%`;
}
