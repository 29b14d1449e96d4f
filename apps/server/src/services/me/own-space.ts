import { Prisma } from "@steward/db";
import { UuidSchema, type Page } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { conflict, type ServiceError } from "../kernel/errors.ts";
import { mutate, type Tx } from "../kernel/mutate.ts";
import { decodeCursor, keysetPage } from "../kernel/paging.ts";
import { sessionUserOf } from "./me.ts";

/**
 * What the use cases on an account's own things (channels, access tokens,
 * bookmarks) share: the owner is the signed-in account; an id that is not
 * one of its rows is a 404 whatever it looks like; each kind of thing is
 * capped per account, counted under a lock on the account's row so that
 * concurrent creations cannot pass the cap together; lists go by name.
 */

/** The account the call acts for (a login session's; 403 `session_required` otherwise). */
export const ownerOf = (ctx: ServiceContext): string => sessionUserOf(ctx).userId;

/** An id that can name a row: anything else names nothing (the caller answers its 404). */
export const isRowId = (id: string): boolean => UuidSchema.safeParse(id).success;

/**
 * A write on the account's own things, in one transaction with its audit.
 * A name clash lost to a concurrent write is the same 409 as one found
 * first. None changes a credential the cache holds: access tokens are
 * checked against the database on every use (introspect-access-token.ts).
 */
export function writeOwn<T>(ctx: ServiceContext, work: (tx: Tx) => Promise<T>, options: { onNameClash?: () => ServiceError } = {}): Promise<T> {
  return mutate(ctx, work, { changesAccess: false, onUniqueClash: options.onNameClash });
}

/**
 * Takes the account's row lock for the rest of the transaction, then
 * refuses (409 `reason`) when it already holds `max` of what `count` counts:
 * a cap that holds under concurrency.
 */
export async function assertRoomFor(tx: Tx, userId: string, count: () => Promise<number>, limit: AccountLimit): Promise<void> {
  await lockAccount(tx, userId);
  if ((await count()) >= limit.max) throw limitReached(limit);
}

export interface AccountLimit {
  max: number;
  /** What is counted, plural: `channels`. */
  what: string;
  reason: string;
}

/** 409 `limit.reason`: the account holds the most it may. */
export const limitReached = (limit: AccountLimit) =>
  conflict(`You have ${limit.max} ${limit.what} already, the most an account may hold: delete some first`, limit.reason);

/** Serializes, until the transaction ends, the writes on one account's things that must see each other. */
export async function lockAccount(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw(Prisma.sql`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`);
}

/** Keyset pages by `(name, id)`, as every list of an account's things is sorted. */
const NAME_SORT = "name";

/** The Prisma condition "after the cursor" in `(name, id)` order (none on the first page). */
export function afterNameCursor(cursor: string | undefined): object {
  if (!cursor) return {};
  const [name, id] = decodeCursor(cursor, NAME_SORT, ["text", "uuid"]);
  return { OR: [{ name: { gt: name } }, { name, id: { gt: id } }] };
}

/** The Prisma order of those pages. */
export const BY_NAME = [{ name: "asc" as const }, { id: "asc" as const }];

/** Keeps `limit` of the `limit + 1` rows read in name order, with the next page's cursor (kernel/paging.ts keysetPage). */
export function namePage<R extends { name: string; id: string }, T>(rows: R[], limit: number, total: number, toItem: (row: R) => T): Page<T> {
  return keysetPage(rows, { limit, total, sort: NAME_SORT }, toItem, (row) => [row.name, row.id]);
}
