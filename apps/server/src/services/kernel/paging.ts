import { Prisma } from "@steward/db";
import { TimestampSchema, UuidSchema, WELL_FORMED_TEXT, type Page } from "@steward/contracts";
import { ServiceError } from "./errors.ts";

/**
 * Keyset cursors: the sort key and the last row's values, base64url JSON.
 * Opaque to callers; a cursor from another sort or a tampered one is a 400.
 */
export interface CursorPayload {
  /** The sort the cursor belongs to. */
  s: string;
  /** The last row's sort values, tie-breaker last. */
  v: (string | number)[];
}

const INT4 = 2 ** 31;
const INT8 = 2n ** 63n;

/**
 * What a cursor value may be, by the type of the column it is compared with.
 * A forged cursor must not reach the database as a cast it cannot make.
 */
const VALUE_KINDS = {
  /** A timestamptz(3) as `toISOString()` wrote it: reading it back gives the same text. */
  timestamp: (v: unknown): v is string =>
    typeof v === "string" && TimestampSchema.safeParse(v).success && new Date(v).toISOString() === v,
  uuid: (v: unknown): v is string => typeof v === "string" && UuidSchema.safeParse(v).success,
  text: (v: unknown): v is string => typeof v === "string" && v.length <= 256 && WELL_FORMED_TEXT.test(v),
  int4: (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= -INT4 && v < INT4,
  /** Decimal text, as JSON numbers lose precision past 2^53. */
  int8: (v: unknown): v is string => typeof v === "string" && /^-?\d{1,19}$/.test(v) && BigInt(v) >= -INT8 && BigInt(v) < INT8,
};
export type CursorValueKind = keyof typeof VALUE_KINDS;
type ValueOf<K extends CursorValueKind> = (typeof VALUE_KINDS)[K] extends (v: unknown) => v is infer T ? T : never;

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

/** The values of a cursor made for `sort`, one of each kind in `kinds`, or a 400. */
export function decodeCursor<const K extends readonly CursorValueKind[]>(
  cursor: string,
  sort: string,
  kinds: K,
): { -readonly [I in keyof K]: ValueOf<K[I]> } {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const p = payload as Partial<CursorPayload> | null;
  if (
    typeof p !== "object" || p === null || p.s !== sort || !Array.isArray(p.v) || p.v.length !== kinds.length ||
    !kinds.every((kind, i) => VALUE_KINDS[kind](p.v![i]))
  ) {
    throw invalidCursor();
  }
  return p.v as { -readonly [I in keyof K]: ValueOf<K[I]> };
}

const invalidCursor = () =>
  new ServiceError("bad_request", "Invalid cursor: use the nextCursor of a page listed with the same sort", {
    reason: "invalid_cursor",
    fields: [{ path: "query.cursor", message: "Invalid cursor", code: "invalid_cursor" }],
  });

/**
 * Keyset paging, the half every list shares: the list fetched `limit + 1`
 * rows in sort order after the cursor; this keeps `limit` of them and makes
 * the next page's cursor from the last one kept (none when the extra row
 * was not there).
 */
export function keysetPage<R, T>(
  rows: R[],
  page: { limit: number; sort: string; total: number },
  toItem: (row: R) => T,
  cursorValues: (row: R) => (string | number)[],
): Page<T> {
  const kept = rows.slice(0, page.limit);
  const last = kept[kept.length - 1];
  return {
    data: kept.map(toItem),
    total: page.total,
    nextCursor: rows.length > page.limit && last !== undefined ? encodeCursor({ s: page.sort, v: cursorValues(last) }) : null,
  };
}

/**
 * The SQL condition "after the cursor" for a sort over `columns` (each
 * compared as `casts[i]`): a row comparison, which a composite index
 * answers with one seek.
 */
export function afterCursorSql(columns: readonly Prisma.Sql[], casts: readonly string[], values: readonly (string | number)[], descending: boolean): Prisma.Sql {
  const after = values.map((value, i) => Prisma.sql`${value}::${Prisma.raw(casts[i]!)}`);
  return Prisma.sql`(${Prisma.join([...columns])}) ${Prisma.raw(descending ? "<" : ">")} (${Prisma.join(after)})`;
}

/** A numbered page, for the dialects that page by number (Pleroma, Pterodactyl). */
export interface OffsetWindow {
  /** 1-based page number, as asked. */
  page: number;
  /** Rows per page after the cap. */
  perPage: number;
  skip: number;
  take: number;
}

/**
 * Page `page` of `perPage` rows, with `perPage` capped at `maxPerPage`.
 * A page past the end is simply empty; callers that can seek (by a unique
 * sort column) should, since an offset costs as many rows as it skips.
 */
export function offsetWindow(page: number, perPage: number, maxPerPage: number): OffsetWindow {
  const size = Math.max(1, Math.min(Math.trunc(perPage), maxPerPage));
  const number = Math.max(1, Math.trunc(page));
  return { page: number, perPage: size, skip: (number - 1) * size, take: size };
}

/**
 * Keyset paging of users related to something (a group's members, a
 * user's follows), by `u.username`: unique (citext), so it alone is the
 * keyset. `afterUsernameSql` is the page's "after the cursor" condition
 * (TRUE on the first page); `usernamePage` keeps `limit` of the `limit + 1`
 * rows fetched in username order.
 */
const USERNAME_SORT = "username";

export function afterUsernameSql(cursor: string | undefined): Prisma.Sql {
  if (!cursor) return Prisma.sql`TRUE`;
  return afterCursorSql([Prisma.raw("u.username")], ["citext"], decodeCursor(cursor, USERNAME_SORT, ["text"]), false);
}

export function usernamePage<R extends { username: string }, T>(rows: R[], page: { limit: number; total: number }, toItem: (row: R) => T): Page<T> {
  return keysetPage(rows, { ...page, sort: USERNAME_SORT }, toItem, (row) => [row.username]);
}
