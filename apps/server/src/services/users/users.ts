import { Prisma, prismaSql } from "@steward/db";
import { MAX_NUMERIC_ID } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError, conflict, notFound } from "../kernel/errors.ts";
import { bumpVersions, mutate, type MutationOptions, type Tx } from "../kernel/mutate.ts";
import { assertMayActOn } from "./access-guard.ts";
import { etagOf, selectUserById, type UserRecord } from "./user-view.ts";

/**
 * What every use case on users shares (each use case is a file of its own
 * beside this one): how a request names a user, the row lock every write
 * starts with, the audit every write ends with, and the transaction.
 */

/**
 * How a request names a user: by id (`/api/v1`), or by a unique name or
 * number, as the dialects do. `domain`, with `username`, also requires the
 * home domain (null: a local account), for the APIs that name remote
 * accounts `username@domain` (Pleroma). `numericId` is the number the APIs
 * that address users by integer use (Pterodactyl). A write resolves it
 * under the user's row lock (loadForWrite), in its own transaction: one
 * service call per request, and no read outside the write.
 */
export type UserRef =
  | string
  | { id: string }
  | { username: string; domain?: string | null }
  | { email: string }
  | { externalId: string }
  | { numericId: number };

/** The SQL condition (over `users u`) matching the user `ref` names; FALSE for a number no user can have. */
export function userRefSql(ref: UserRef): Prisma.Sql {
  if (typeof ref === "string") return Prisma.sql`u.id = ${ref}::uuid`;
  // username and email are citext: the unique indexes answer case-insensitively.
  if ("id" in ref) return Prisma.sql`u.id = ${ref.id}::uuid`;
  if ("username" in ref) {
    const domain = ref.domain === undefined ? Prisma.empty : Prisma.sql` AND lower(u.domain) IS NOT DISTINCT FROM lower(${ref.domain}::text)`;
    return Prisma.sql`u.username = ${ref.username}::citext${domain}`;
  }
  if ("email" in ref) return Prisma.sql`u.email = ${ref.email}::citext`;
  if ("externalId" in ref) return Prisma.sql`u.external_id = ${ref.externalId}`;
  return numericIdSql(ref.numericId);
}

/** The id of the user `ref` names, as an SQL value: the id itself, or a subquery by the other keys. */
export function userIdSql(ref: UserRef): Prisma.Sql {
  if (typeof ref === "string") return Prisma.sql`${ref}::uuid`;
  if ("id" in ref) return Prisma.sql`${ref.id}::uuid`;
  return Prisma.sql`(SELECT u.id FROM users u WHERE ${userRefSql(ref)})`;
}

/** `u.numeric_id` equal to `value`; a number no integer column holds (or none) matches nobody rather than failing. */
function numericIdSql(value: number | undefined): Prisma.Sql {
  if (value === undefined || !Number.isInteger(value) || value < 1 || value > MAX_NUMERIC_ID) return Prisma.sql`FALSE`;
  return Prisma.sql`u.numeric_id = ${value}::int`;
}

export interface WriteGuard {
  /** ETag the caller last read; the write is refused (412) if the user changed since. */
  ifMatch?: string;
}

/**
 * A write on users. It may change access (status, roles, password,
 * deletion) unless the caller says it certainly cannot.
 */
export function writeUser<T>(ctx: ServiceContext, work: (tx: Tx) => Promise<T>, options: Partial<MutationOptions> = {}): Promise<T> {
  return mutate(ctx, work, {
    changesAccess: options.changesAccess ?? true,
    onUniqueClash: () => conflict("A user with that username, email or external id already exists", "unique_clash"),
  });
}

/**
 * Ends every live session of a user (a new password, a deactivation, a
 * reset, an operator's "sign out everywhere"); returns how many. Expired
 * ones are ended already and left as they are. `except` spares one: the
 * session an account changes its own password from.
 */
export async function revokeSessionsOf(tx: Tx, ctx: ServiceContext, userId: string, options: { except?: string } = {}): Promise<number> {
  const now = ctx.clock.now();
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now }, ...(options.except ? { NOT: { id: options.except } } : {}) },
    data: { revokedAt: now },
  });
  return count;
}

/**
 * Every write on a user starts here: locks the user row for this
 * transaction, refuses a caller the target outranks, and checks the
 * caller's ETag.
 */
export async function loadForWrite(tx: Tx, ctx: ServiceContext, ref: UserRef, guard: WriteGuard = {}): Promise<UserRecord> {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT u.id FROM users u WHERE ${userRefSql(ref)} FOR UPDATE`;
  const record = locked ? await selectUserById(prismaSql(tx), locked.id) : null;
  if (!record) throw notFound("User");
  await assertMayActOn(tx, ctx.actor, record);
  if (guard.ifMatch !== undefined && !etagMatches(guard.ifMatch, etagOf(record))) {
    throw new ServiceError("precondition_failed", "The user changed since you read it; read it again and retry", { reason: "etag_mismatch" });
  }
  return record;
}

/**
 * Ends every write that changed a user: bumps its version (so its ETag
 * changes), re-reads it and records the audit event with before and after.
 */
export async function audited(tx: Tx, ctx: ServiceContext, action: string, before: UserRecord, extra?: Record<string, unknown>): Promise<UserRecord> {
  await bumpVersions(tx, "users", [before.user.id]);
  const after = await reload(tx, before.user.id);
  await recordAudit(tx, ctx, {
    action,
    targetType: "user",
    targetId: before.user.id,
    before: before.user,
    after: extra ? { ...after.user, ...extra } : after.user,
  });
  return after;
}

export async function reload(tx: Tx, id: string): Promise<UserRecord> {
  const record = await selectUserById(prismaSql(tx), id);
  if (!record) throw notFound("User");
  return record;
}

function etagMatches(header: string, etag: string): boolean {
  return header.split(",").some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

/** Clear 409s for the unique fields, before the database would refuse them. */
export async function assertUnique(tx: Tx, fields: { username?: string; email?: string | null; externalId?: string | null }, exceptId?: string) {
  // username and email are citext: equality ignores case.
  const checks: [string, object][] = [];
  if (fields.username !== undefined) checks.push(["username", { username: fields.username }]);
  if (fields.email) checks.push(["email", { email: fields.email }]);
  if (fields.externalId) checks.push(["externalId", { externalId: fields.externalId }]);
  for (const [field, where] of checks) {
    const clash = await tx.user.findFirst({ where: { ...where, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
    if (clash) {
      throw new ServiceError("conflict", `Another user already has this ${field}`, {
        reason: `${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_taken`,
        fields: [{ path: `body.${field}`, message: `Already taken`, code: "taken" }],
      });
    }
  }
}

export function dedupe(tags: string[]): string[] {
  return [...new Set(tags)].sort();
}

/** What a new user's row holds from its input (absent fields null, active by default, tags deduplicated): for createUser and the import alike. */
export function newUserColumns(input: {
  username: string;
  email?: string | null;
  displayName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  language?: string | null;
  phone?: string | null;
  externalId?: string | null;
  domain?: string | null;
  status?: "active" | "deactivated";
  tags?: string[];
}) {
  return {
    username: input.username,
    email: input.email ?? null,
    displayName: input.displayName ?? null,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    language: input.language ?? null,
    phone: input.phone ?? null,
    externalId: input.externalId ?? null,
    domain: input.domain ?? null,
    status: input.status ?? "active",
    tags: dedupe(input.tags ?? []),
  };
}

