import { Prisma, USER_HANDLE_TEXT, USER_NAMES_TEXT, USER_SEARCH_TEXT, type SqlClient } from "@steward/db";
import type { Page, User } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { afterCursorSql, decodeCursor, keysetPage } from "../kernel/paging.ts";
import { selectUsers, type UserIncludes, type UserRecord } from "./user-view.ts";
import { and, escapeLike } from "../kernel/sql.ts";
import { OPERATOR_IDS_SQL } from "../kernel/permissions.ts";

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

/** The users a listing keeps: every condition given holds. */
export interface UserFilter {
  /** Case-insensitive substring of the handle (`username@domain` for a remote account), email or names. */
  text?: string;
  /** Case-insensitive substring of the display, first or last name. */
  names?: string;
  /** Case-insensitive substring of the handle. */
  handle?: string;
  /** Case-insensitive substring of the email. */
  emailContains?: string;
  /** Exact email, regardless of case. */
  email?: string;
  externalId?: string;
  /** The user with this id (a UUID). */
  id?: string;
  /** Remote accounts of this home domain (exact). */
  domain?: string;
  /** Local accounts only (true), remote ones only (false). */
  local?: boolean;
  status?: User["status"];
  /** Holding all these roles. */
  roles?: string[];
  /** Tagged with all of these. */
  allTags?: string[];
  /** Tagged with at least one of these. */
  anyTags?: string[];
  /** Members of this group (id). */
  group?: string;
  /** Only users who hold some permission (operators). */
  operators?: boolean;
}

/** The orders a listing can take: a sortable field, `-` first for descending. */
export type UserOrder = SortField | `-${SortField}`;

/**
 * A listing, as every surface asks for it: the API seeks after a cursor;
 * the dialects that number their pages start `offset` rows in, which costs
 * as many rows as it skips unless seekToOffsetSql can jump.
 */
export interface UserListQuery {
  filter: UserFilter;
  order: UserOrder;
  /** Users on the page, taken as given: each surface caps it. */
  limit: number;
  start?: { cursor: string } | { offset: number };
  include?: UserIncludes;
}

/**
 * A page of users in the listing's order, with `total` matching in all,
 * each with what `include` asked for.
 */
export async function listUsers(ctx: ServiceContext, query: UserListQuery): Promise<Page<UserRecord>> {
  const { sql } = ctx;
  const { filter, start } = query;
  const filters = filterClauses(filter);
  const descending = query.order.startsWith("-");
  const field = query.order.replace(/^-/, "") as SortField;
  const sort = SORTS[field];

  const pageWhere = [...filters];
  if (start && "cursor" in start) {
    pageWhere.push(afterCursorSql(sort.columns, sort.casts, decodeCursor(start.cursor, query.order, sort.kinds), descending));
  }
  const direction = Prisma.raw(descending ? "DESC" : "ASC");
  const order = Prisma.join(sort.columns.map((column) => Prisma.sql`${column} ${direction}`));
  // One row more than asked tells whether a next page exists.
  const limit = query.limit + 1;
  const searching = Boolean(filter.text || filter.names || filter.handle || filter.emailContains);
  const window = { order, limit, offset: start && "offset" in start ? start.offset : 0, include: query.include };
  const [column] = sort.columns;
  if (!searching && window.offset > 0 && sort.columns.length === 1 && column) {
    pageWhere.push(seekToOffsetSql(column, descending, filters, order, window.offset, filters.length === 0 ? BUCKETS[field] : undefined));
    window.offset = 0;
  }
  const { records, total } = searching
    ? await searchPage(sql, filters, pageWhere, window)
    : await filteredPage(sql, filter, filters, pageWhere, window);
  return keysetPage(
    records,
    { limit: query.limit, sort: query.order, total },
    (record) => record,
    (record) => cursorValues(field, record.user),
  );
}

/**
 * A numbered page deep in a list sorted by one unique column starts at the
 * key `offset` rows in: found by walking that column's index alone (no
 * user is read in full), the page is then an index seek. Over all users in
 * an order whose buckets are counted (BUCKETS), the walk is short whatever
 * the offset (keyAtOffsetSql). Past the end there is no such key, and the
 * page is empty.
 */
function seekToOffsetSql(column: Prisma.Sql, descending: boolean, filters: Prisma.Sql[], order: Prisma.Sql, offset: number, buckets: Prisma.Sql | undefined): Prisma.Sql {
  const key = buckets
    ? keyAtOffsetSql(column, buckets, descending, offset)
    : Prisma.sql`(SELECT ${column} FROM users u WHERE ${and(filters)} ORDER BY ${order} OFFSET ${offset} LIMIT 1)`;
  return Prisma.sql`${column} ${Prisma.raw(descending ? "<=" : ">=")} ${key}`;
}

/**
 * The orders of all users counted per bucket of consecutive keys by
 * triggers on users (migration numbered_page_buckets), each bucket as
 * `pos` (the buckets' order), `lo` (its first possible key) and `users`.
 */
const BUCKETS: Partial<Record<SortField, Prisma.Sql>> = {
  // Blocks of 1,024 numbers: bucket b holds [b << 10, (b + 1) << 10).
  numericId: Prisma.sql`SELECT bucket AS pos, bucket::bigint << 10 AS lo, users FROM user_number_buckets`,
  // Ranges of names, from a lower-cased bound to the next bucket's.
  username: Prisma.sql`SELECT pos, lo::citext AS lo, users FROM user_name_buckets`,
};

/**
 * The key of the user `offset` users into the list of all users, or null
 * past the end: the bucket counts are added up in order to the bucket
 * holding that user, then the index is walked from that bucket's first key
 * (up from its bottom in either order, so no upper bound is needed): about
 * a thousand small rows and at most one bucket of index entries for a
 * million users, where a walk from the start would skip `offset`. The
 * triggers write the counts in the same transactions as the rows, so one
 * snapshot sees both agree, gaps in the numbers included.
 */
function keyAtOffsetSql(column: Prisma.Sql, buckets: Prisma.Sql, descending: boolean, offset: number): Prisma.Sql {
  const direction = Prisma.raw(descending ? "DESC" : "ASC");
  // `upto` counts the users up to this bucket's end, in the list's order.
  const skip = descending ? Prisma.sql`s.upto - 1 - ${offset}::bigint` : Prisma.sql`${offset}::bigint - (s.upto - s.users)`;
  return Prisma.sql`(SELECT (SELECT ${column} FROM users u WHERE ${column} >= b.lo ORDER BY ${column} ASC OFFSET b.skip LIMIT 1)
    FROM (SELECT s.lo, ${skip} AS skip
      FROM (SELECT c.pos, c.lo, c.users, sum(c.users) OVER (ORDER BY c.pos ${direction}) AS upto FROM (${buckets}) c) s
      WHERE s.upto > ${offset}::bigint ORDER BY s.pos ${direction} LIMIT 1) b)`;
}

interface PageAndTotal {
  records: UserRecord[];
  total: number;
}

/** Which rows of the matches, in which order: after the cursor (in pageWhere) or the offset; and what comes with each. */
interface Window {
  order: Prisma.Sql;
  limit: number;
  offset: number;
  include: UserIncludes | undefined;
}

/** Without a search the page is an index walk in sort order, and the total a separate count. */
async function filteredPage(sql: SqlClient, filter: UserFilter, filters: Prisma.Sql[], pageWhere: Prisma.Sql[], { include, ...window }: Window): Promise<PageAndTotal> {
  const [records, total] = await Promise.all([
    selectUsers(sql, and(pageWhere), window, include),
    countUsers(sql, filter, filters),
  ]);
  return { records, total };
}

/**
 * A search finds its matches through the trigram index and re-checks each
 * candidate row: the costly part. The matches are collected once
 * (MATERIALIZED), then counted and paged from there, instead of scanning
 * twice. Planned per execution: how selective a pattern is decides the plan.
 */
async function searchPage(sql: SqlClient, filters: Prisma.Sql[], pageWhere: Prisma.Sql[], { order, limit, offset, include }: Window): Promise<PageAndTotal> {
  const afterCursor = and(pageWhere.slice(filters.length));
  const [row] = await sql.query<{ total: number | string | bigint; ids: string[] | null }>(
    Prisma.sql`WITH matches AS MATERIALIZED (SELECT u.id, u.created_at, u.username, u.numeric_id FROM users u WHERE ${and(filters)})
    SELECT (SELECT count(*) FROM matches) AS total,
      ARRAY(SELECT u.id FROM matches u WHERE ${afterCursor} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) AS ids`,
    { prepare: false },
  );
  const ids = row?.ids ?? [];
  const records = ids.length ? await selectUsers(sql, Prisma.sql`u.id = ANY(${ids}::uuid[])`, { order, limit }, include) : [];
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

async function countUsers(sql: SqlClient, filter: UserFilter, filters: Prisma.Sql[]): Promise<number> {
  const [row] = await sql.query<{ n: bigint | string }>(
    filters.length === 0
      ? Prisma.sql`SELECT ${ALL_USERS_COUNT_SQL} AS n`
      : (tagCountSql(filter) ?? Prisma.sql`SELECT count(*) AS n FROM users u WHERE ${and(filters)}`),
  );
  return Number(row?.n ?? 0);
}

/**
 * The total of a list filtered by one tag, and at most locality and status
 * besides, read from the counters the users triggers keep (a popular tag
 * has a hundred thousand holders: counting them is most of the request);
 * null for any other filter, which is counted.
 */
function tagCountSql(filter: UserFilter): Prisma.Sql | null {
  const tags = [...new Set([...(filter.allTags ?? []), ...(filter.anyTags ?? [])])];
  const others = [filter.text, filter.names, filter.handle, filter.emailContains, filter.id, filter.roles?.length, filter.group, filter.operators, filter.domain, filter.email, filter.externalId];
  if (tags.length !== 1 || others.some(Boolean)) return null;
  const where = [Prisma.sql`tag = ${tags[0]}`];
  if (filter.local !== undefined) where.push(Prisma.sql`local = ${filter.local}`);
  if (filter.status) where.push(Prisma.sql`status = ${filter.status}::"UserStatus"`);
  return Prisma.sql`SELECT coalesce(sum(users), 0) AS n FROM user_tag_counts WHERE ${and(where)}`;
}

function filterClauses(filter: UserFilter): Prisma.Sql[] {
  const clauses: Prisma.Sql[] = [];
  if (filter.text) clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(filter.text)}`);
  if (filter.names) {
    // The first clause can use the trigram index; the second keeps only name matches.
    clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(filter.names)}`, Prisma.sql`${NAMES_TEXT} LIKE ${containing(filter.names)}`);
  }
  if (filter.id) clauses.push(Prisma.sql`u.id = ${filter.id}::uuid`);
  if (filter.emailContains) {
    clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(filter.emailContains)}`, Prisma.sql`lower(u.email::text) LIKE ${containing(filter.emailContains)}`);
  }
  if (filter.handle) {
    clauses.push(Prisma.sql`${SEARCH_TEXT} LIKE ${containing(filter.handle)}`, Prisma.sql`${HANDLE_TEXT} LIKE ${containing(filter.handle)}`);
  }
  if (filter.status) clauses.push(Prisma.sql`u.status = ${filter.status}::"UserStatus"`);
  for (const role of new Set(filter.roles ?? [])) {
    clauses.push(Prisma.sql`EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
      WHERE ur.user_id = u.id AND r.name = ${role})`);
  }
  if (filter.allTags && filter.allTags.length > 0) clauses.push(Prisma.sql`u.tags @> ${filter.allTags}::text[]`);
  if (filter.anyTags && filter.anyTags.length > 0) clauses.push(Prisma.sql`u.tags && ${filter.anyTags}::text[]`);
  if (filter.group) {
    clauses.push(Prisma.sql`EXISTS (SELECT 1 FROM group_memberships gm WHERE gm.user_id = u.id AND gm.group_id = ${filter.group}::uuid)`);
  }
  if (filter.operators) clauses.push(Prisma.sql`u.id IN ${OPERATOR_IDS_SQL}`);
  if (filter.local !== undefined) clauses.push(filter.local ? Prisma.sql`u.domain IS NULL` : Prisma.sql`u.domain IS NOT NULL`);
  if (filter.domain) clauses.push(Prisma.sql`u.domain = ${filter.domain}`);
  if (filter.email) clauses.push(Prisma.sql`u.email = ${filter.email}::citext`);
  if (filter.externalId) clauses.push(Prisma.sql`u.external_id = ${filter.externalId}`);
  return clauses;
}

/** A LIKE pattern for a case-insensitive substring (the texts searched are lower case). */
function containing(text: string): string {
  return `%${escapeLike(text.toLowerCase())}%`;
}
