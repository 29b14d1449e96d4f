import { Prisma, isWriteConflict } from "@steward/db";
import type { ServiceContext } from "./context.ts";
import { conflict, type ServiceError } from "./errors.ts";

export type Tx = Prisma.TransactionClient;

/** NOTIFY channel on which a committed access change tells every instance to forget its credential cache. */
export const ACCESS_CHANGED_CHANNEL = "steward_access_changed";

export interface MutationOptions {
  /**
   * Whether the write can change what someone's credentials may do (status,
   * roles, password, revocations, deletion): then the NOTIFY sent inside the
   * transaction (delivered by PostgreSQL only on commit) clears every other
   * instance's credential cache, and this instance's is cleared on commit.
   */
  changesAccess: boolean;
  /**
   * The error a lost unique race becomes (the unique index refused the row
   * after the service's own check passed); given the violated columns.
   */
  onUniqueClash?: (columns: string[]) => ServiceError;
}

const defaultClash = () => conflict("That already exists", "unique_clash");

/**
 * Every write runs here: one transaction, the access-change signal when
 * the write can change access, and a unique-index refusal turned into a 409.
 * The audit event is recorded by the work itself (recordAudit), inside the
 * same transaction, so a change and its audit commit together or not at all.
 * How long it may wait to start and to run is the client's (openDatabase);
 * past either, it is answered 503 `database_busy` (databaseBusyOrUnavailable).
 */
export async function mutate<T>(ctx: ServiceContext, work: (tx: Tx) => Promise<T>, options: MutationOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await ctx.db.$transaction(async (tx) => {
        const value = await work(tx);
        if (options.changesAccess) await tx.$executeRaw`SELECT pg_notify(${ACCESS_CHANGED_CHANNEL}, '')`;
        return value;
      });
      if (options.changesAccess) ctx.credentials.clear();
      return result;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw (options.onUniqueClash ?? defaultClash)(clashColumns(error));
      }
      // Rolled back whole, so it runs again from the start (a deadlock between counters, say).
      if (attempt < CONFLICT_ATTEMPTS && isWriteConflict(error)) {
        await ctx.clock.sleep(5 + Math.random() * 20 * attempt);
        continue;
      }
      throw error;
    }
  }
}

/** Tries of a transaction that PostgreSQL aborted to break a deadlock (or for a serialization failure). */
const CONFLICT_ATTEMPTS = 3;

function clashColumns(error: Prisma.PrismaClientKnownRequestError): string[] {
  const target = (error.meta as { target?: unknown } | undefined)?.target;
  return Array.isArray(target) ? target.map(String) : typeof target === "string" ? [target] : [];
}

/**
 * Bumps the version of rows whose representation a write changed (their
 * ETag is made from it). Also for writes elsewhere that show in a row's
 * representation, such as a membership in a user's `groups`.
 */
export async function bumpVersions(tx: Tx, table: "users", ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRaw`UPDATE ${Prisma.raw(table)} SET version = version + 1, updated_at = now() WHERE id = ANY(${ids}::uuid[])`;
}
