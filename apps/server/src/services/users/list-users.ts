import { Prisma, USER_HANDLE_TEXT, USER_NAMES_TEXT, USER_SEARCH_TEXT, type SqlClient } from "@steward/db";
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
  id: { columns: [Prisma.raw("u.id")], casts: ["uuid"], kinds: ["uuid"] },
} as const;
type SortField = keyof typeof SORTS;

const SEARCH_TEXT = Prisma.raw(USER_SEARCH_TEXT);
/**
 * The names of a user, as `name` matches them: the tail of USER_SEARCH_TEXT,
 * so whatever matches here matches there, and the trigram index on that
 * text finds the candidates this re-checks.
 */
const NAMES_TEXT = Prisma.raw(USER_NAMES_TEXT);
/** The handle (`username@domain`), as `handle` matches it: the head of USER_SEARCH_TEXT, found through the same index. */
const HANDLE_TEXT = Prisma.raw(USER_HANDLE_TEXT);

/**
 * A listing as the API asks for it, or with `offset` instead of a cursor for
 * the dialects that number their pages (Pleroma); an offset costs as many
 * rows as it skips, so the API itself only seeks.
 */
export type UserListing = ListUsersQuery & {
  offset?: number;
  /** Case-insensitive substring of the email (Pterodactyl's `filter[email]`). */
  emailContains?: string;
  /** Only the user with this id (a UUID). */
  id?: string;
};

export async function listUsers(ctx: ServiceContext, query: UserListing): Promise<Page<User>> {
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
  const searching = Boolean(query.q || query.name || query.handle || query.emailContains);
  const window = { order, limit, offset: query.offset ?? 0 };
  const [column] = sort.columns;
  if (!searching && window.offset > 0 && sort.columns.length === 1 && column) {
    pageWhere.push(seekToOffsetSql(column, descending, filters, order, window.offset, field === "numericId" && filters.length === 0));
    window.offset = 0;
  }
  const { records, total } = searching
    ? await searchPage(sql, filters, pageWhere, window)
    : await filteredPage(sql, query, filters, pageWhere, window);
  return keysetPage(
    records,
    { limit: query.limit, sort: query.sort, total },
    (record) => record.user,
    (record) => cursorValues(field, record.user),
  );
}

/**
 * A numbered page deep in a list sorted by one unique column starts at the
 * key `offset` rows in: found by walking that column's index alone (no
 * user is read in full), the page is then an index seek. Over all users by
 * number, while the numbers have no gaps (no user deleted: the count kept
 * by triggers equals the span of numbers), the key is computed outright.
 * Past the end there is no such key, and the page is empty.
 */
function seekToOffsetSql(column: Prisma.Sql, descending: boolean, filters: Prisma.Sql[], order: Prisma.Sql, offset: number, allByNumber: boolean): Prisma.Sql {
  const walked = Prisma.sql`(SELECT ${column} FROM users u WHERE ${and(filters)} ORDER BY ${order} OFFSET ${offset} LIMIT 1)`;
  const key = allByNumber
    ? Prisma.sql`(SELECT CASE WHEN b.hi - b.lo + 1 = ${ALL_USERS_COUNT_SQL}
        THEN ${Prisma.raw(descending ? "b.hi -" : "b.lo +")} ${offset}::int ELSE ${walked} END
        FROM (SELECT min(numeric_id) AS lo, max(numeric_id) AS hi FROM users) b)`
    : walked;
  return Prisma.sql`${column} ${Prisma.raw(descending ? "<=" : ">=")} ${key}`;
}

interface PageAndTotal {
  records: UserRecord[];
  total: number;
}

/** Which rows of the matches, in which order: after the cursor (in pageWhere) or the offset. */
interface Window {
  order: Prisma.Sql;
  limit: number;
  offset: number;
}

/** Without a search the page is an index walk in sort order, and the total a separate count. */
async function filteredPage(sql: SqlClient, query: UserListing, filters: Prisma.Sql[], pageWhere: Prisma.Sql[], window: Window): Promise<PageAndTotal> {
  const [records, total] = await Promise.all([
    selectUsers(sql, and(pageWhere), window),
    countUsers(sql, query, filters),
  ]);
  return { records, total };
}

/**
 * A search finds its matches through the trigram index and re-checks each
 * candidate row: the costly part. The matches are collected once
 * (MATERIALIZED), then counted and paged from there, instead of scanning
 * twice. Planned per execution: how selective a pattern is decides the plan.
 */
async function searchPage(sql: SqlClient, filters: Prisma.Sql[], pageWhere: Prisma.Sql[], { order, limit, offset }: Window): Promise<PageAndTotal> {
  const afterCursor = and(pageWhere.slice(filters.length));
  const [row] = await sql.query<{ total: number | string | bigint; ids: string[] | null }>(
    Prisma.sql`WITH matches AS MATERIALIZED (SELECT u.id, u.created_at, u.username, u.numeric_id FROM users u WHERE ${and(filters)})
    SELECT (SELECT count(*) FROM matches) AS total,
      ARRAY(SELECT u.id FROM matches u WHERE ${afterCursor} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) AS ids`,
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
    case "id":
      return [user.id];
  }
}

/**
 * How many users there are, as an SQL expression: the row kept exact by
 * statement triggers (counting a million rows per page is not cheap), or a
 * count where that row is missing.
 */
export const ALL_USERS_COUNT_SQL = Prisma.sql`COALESCE((SELECT rows FROM table_counts WHERE table_name = 'users'), (SELECT count(*) FROM users))`;

async function countUsers(sql: SqlClient, query: UserListing, filters: Prisma.Sql[]): Promise<number> {
  const [row] = await sql.query<{ n: bigint | string }>(
    filters.length === 0
      ? Prisma.sql`SELECT ${ALL_USERS_COUNT_SQL} AS n`
      : (tagCountSql(query) ?? Prisma.sql`SELECT count(*) AS n FROM users u WHERE ${and(filters)}`),
  );
  return Number(row?.n ?? 0);
}

/**
 * The total of a list filtered by one tag, and at most locality and status
 * besides, read from the counters the users triggers keep (a popular tag
 * has a hundred thousand holders: counting them is most of the request);
 * null for any other filter, which is counted.
 */
function tagCountSql(query: UserListing): Prisma.Sql | null {
  const tags = [...new Set([...(query.tag ?? []), ...(query.anyTag ?? [])])];
  const others = [query.q, query.name, query.handle, query.emailContains, query.id, query.role?.length, query.group, query.domain, query.email, query.externalId];
  if (tags.length !== 1 || others.some(Boolean)) return null;
  const where = [Prisma.sql`tag = ${tags[0]}`];
  if (query.local !== undefined) where.push(Prisma.sql`local = ${query.local}`);
  if (query.status) where.push(Prisma.sql`status = ${query.status}::"UserStatus"`);
  return Prisma.sql`SELECT coalesce(sum(users), 0) AS n FROM user_tag_counts WHERE ${and(where)}`;
}

function filterClauses(query: UserListing): Prisma.Sql[] {
  const clauses: Prisma.Sql[] = [];
  if (query.q) clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(query.q)}`);
  if (query.name) {
    // The first clause can use the trigram index; the second keeps only name matches.
    clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(query.name)}`, Prisma.sql`${NAMES_TEXT} LIKE ${containing(query.name)}`);
  }
  if (query.id) clauses.push(Prisma.sql`u.id = ${query.id}::uuid`);
  if (query.emailContains) {
    clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(query.emailContains)}`, Prisma.sql`lower(u.email::text) LIKE ${containing(query.emailContains)}`);
  }
  if (query.handle) {
    clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(query.handle)}`, Prisma.sql`${HANDLE_TEXT} LIKE ${containing(query.handle)}`);
  }
  if (query.status) clauses.push(Prisma.sql`u.status = ${query.status}::"UserStatus"`);
  for (const role of new Set(query.role ?? [])) {
    clauses.push(Prisma.sql`EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
      WHERE ur.user_id = u.id AND r.name = ${role})`);
  }
  if (query.tag && query.tag.length > 0) clauses.push(Prisma.sql`u.tags @> ${query.tag}::text[]`);
  if (query.anyTag && query.anyTag.length > 0) clauses.push(Prisma.sql`u.tags && ${query.anyTag}::text[]`);
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
