import { Prisma, prismaSql } from "@steward/db";
import { MAX_NUMERIC_ID, type CreateUser, type UpdateUser, type User } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError, conflict, notFound } from "../kernel/errors.ts";
import { bumpVersions, mutate, type MutationOptions, type Tx } from "../kernel/mutate.ts";
import { hashNewPassword } from "../kernel/password-policy.ts";
import { revokeInvitesWithUser } from "../invites/revoke-with-user.ts";
import { assertCanGrant, resolveRoleIds } from "../roles.ts";
import { assertMayActOn } from "./access-guard.ts";
import { assertNotLastAdmin } from "./admin-guard.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { releaseResources } from "./resource-guard.ts";
import { etagOf, selectUserById, selectUsers, type UserRecord } from "./user-view.ts";

export async function getUser(ctx: ServiceContext, id: string): Promise<UserRecord> {
  const record = await selectUserById(ctx.sql, id);
  if (!record) throw notFound("User");
  return record;
}

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

/** One user by the reference a request gave (see UserRef). */
export async function lookupUser(ctx: ServiceContext, ref: UserRef): Promise<UserRecord> {
  const [record] = await selectUsers(ctx.sql, userRefSql(ref));
  if (!record) throw notFound("User");
  return record;
}

/** `u.numeric_id` equal to `value`; a number no integer column holds (or none) matches nobody rather than failing. */
function numericIdSql(value: number | undefined): Prisma.Sql {
  if (value === undefined || !Number.isInteger(value) || value < 1 || value > MAX_NUMERIC_ID) return Prisma.sql`FALSE`;
  return Prisma.sql`u.numeric_id = ${value}::int`;
}

/** What creating a user needs: `users:create`, and `users:manage-roles` to give it roles (as granting them later would). */
export function assertMayCreateUser(ctx: ServiceContext, input: Pick<CreateUser, "roles">): void {
  assertNeeds(ctx.actor, input.roles?.length ? ["users:create", "users:manage-roles"] : ["users:create"], "Creating a user");
}

export async function createUser(ctx: ServiceContext, input: CreateUser): Promise<UserRecord> {
  // Before the password is hashed (argon2 is the costly part); createUserIn checks again for its other callers.
  assertMayCreateUser(ctx, input);
  const passwordHash = input.password ? await hashNewPassword(ctx, input.password) : null;
  return writeUser(ctx, (tx) => createUserIn(tx, ctx, input, passwordHash), { changesAccess: false });
}

/** `createUser` inside the caller's transaction (the password already hashed), for writes that make a user along with something else. */
export async function createUserIn(tx: Tx, ctx: ServiceContext, input: CreateUser, passwordHash: string | null): Promise<UserRecord> {
  assertMayCreateUser(ctx, input);
  await assertUnique(tx, input);
  const roleIds = input.roles?.length ? await resolveRoleIds(tx, input.roles) : [];
  if (roleIds.length) await assertCanGrant(tx, ctx.actor, input.roles!);
  const created = await tx.user.create({
    data: {
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
      passwordHash,
      roles: { create: roleIds.map((roleId) => ({ roleId })) },
    },
    select: { id: true },
  });
  const after = await reload(tx, created.id);
  await recordAudit(tx, ctx, { action: "user.create", targetType: "user", targetId: created.id, after: after.user });
  return after;
}

export interface WriteGuard {
  /** ETag the caller last read; the write is refused (412) if the user changed since. */
  ifMatch?: string;
}

export async function updateUser(ctx: ServiceContext, id: string, patch: UpdateUser, guard: WriteGuard = {}): Promise<UserRecord> {
  assertNeeds(ctx.actor, ["users:update"], "Changing a user");
  const passwordHash = patch.password ? await hashNewPassword(ctx, patch.password) : undefined;
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, id, guard);
    await writeProfile(tx, ctx, id, patch, passwordHash);
    return audited(tx, ctx, "user.update", before, { passwordChanged: Boolean(passwordHash) });
  });
}

/**
 * Writes a user's changed fields (the user locked by loadForWrite), field
 * by field: what a caller may change is exactly this list. A new password
 * ends every session signed in with the old one.
 */
export async function writeProfile(tx: Tx, ctx: ServiceContext, id: string, patch: Omit<UpdateUser, "password">, passwordHash?: string): Promise<void> {
  await assertUnique(tx, patch, id);
  await tx.user.update({
    where: { id },
    data: {
      username: patch.username,
      email: patch.email,
      displayName: patch.displayName,
      firstName: patch.firstName,
      lastName: patch.lastName,
      language: patch.language,
      phone: patch.phone,
      externalId: patch.externalId,
      ...(patch.tags !== undefined ? { tags: dedupe(patch.tags) } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    },
  });
  if (passwordHash) await revokeSessionsOf(tx, ctx, id);
}

export interface DeleteUserOptions extends WriteGuard {
  /**
   * Detach the resources attached to the user (each detachment audited)
   * and delete; without it, a user with resources attached is not deleted
   * (409 `resources_attached`).
   */
  detachResources?: boolean;
}

/** Deletes a user for good; answers them as they were. */
export async function deleteUser(ctx: ServiceContext, ref: UserRef, options: DeleteUserOptions = {}): Promise<UserRecord> {
  assertNeeds(ctx.actor, ["users:delete"], "Deleting a user");
  return writeUser(ctx, async (tx) => {
    // Locked first: no resource is attached between the check and the delete (attaching locks the user too).
    const before = await loadForWrite(tx, ctx, ref, options);
    const id = before.user.id;
    await assertNotLastAdmin(tx, id, "delete");
    await releaseResources(tx, ctx, before.user, options.detachResources ?? false);
    // Their keys stop working with them (authentication needs an active creator); say so in the list too.
    await tx.apiKey.updateMany({ where: { createdById: id, revokedAt: null }, data: { revokedAt: ctx.clock.now() } });
    await revokeInvitesWithUser(tx, ctx, id);
    await tx.user.delete({ where: { id } });
    await recordAudit(tx, ctx, { action: "user.delete", targetType: "user", targetId: id, before: before.user });
    return before;
  });
}

type UserStatus = User["status"];

export async function setUserStatus(ctx: ServiceContext, ref: UserRef, status: UserStatus): Promise<UserRecord> {
  assertNeeds(ctx.actor, ["users:update"], "Activating or deactivating a user");
  return writeUser(ctx, async (tx) => writeStatus(tx, ctx, await loadForWrite(tx, ctx, ref), status));
}

/** Flips a user between active and deactivated, decided on the locked row (Pleroma's toggle_activation). */
export async function toggleUserStatus(ctx: ServiceContext, ref: UserRef): Promise<UserRecord> {
  assertNeeds(ctx.actor, ["users:update"], "Activating or deactivating a user");
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, ref);
    return writeStatus(tx, ctx, before, before.user.status === "active" ? "deactivated" : "active");
  });
}

/** Deactivating ends the user's sessions, and is refused for oneself and for the last administrator. */
async function writeStatus(tx: Tx, ctx: ServiceContext, before: UserRecord, status: UserStatus): Promise<UserRecord> {
  const id = before.user.id;
  if (before.user.status === status) return before;
  if (status === "deactivated") {
    if (ctx.actor.userId === id) throw conflict("You cannot deactivate yourself", "self_deactivation");
    await assertNotLastAdmin(tx, id, "deactivate");
    await revokeSessionsOf(tx, ctx, id);
  }
  await tx.user.update({ where: { id }, data: { status } });
  return audited(tx, ctx, status === "active" ? "user.activate" : "user.deactivate", before);
}

export async function addUserTags(ctx: ServiceContext, id: string, tags: string[]): Promise<UserRecord> {
  return writeUser(ctx, async (tx) => retagUser(tx, ctx, await loadForWrite(tx, ctx, id), tags, "tag"), { changesAccess: false });
}

export async function removeUserTag(ctx: ServiceContext, id: string, tag: string): Promise<UserRecord> {
  return writeUser(ctx, async (tx) => retagUser(tx, ctx, await loadForWrite(tx, ctx, id), [tag], "untag"), { changesAccess: false });
}

/**
 * Adds (`tag`) or removes (`untag`) tags of a user locked by loadForWrite.
 * Writes, bumps and audits only when the tags change; answers `before`
 * itself when they do not.
 */
export async function retagUser(tx: Tx, ctx: ServiceContext, before: UserRecord, tags: string[], change: "tag" | "untag"): Promise<UserRecord> {
  const next = retagged(before.user.tags, tags, change);
  if (next === null) return before;
  await tx.user.update({ where: { id: before.user.id }, data: { tags: next } });
  return audited(tx, ctx, `user.${change}`, before);
}

/** A user's tags after adding or removing `tags`, sorted; null when that changes nothing. */
export function retagged(current: string[], tags: string[], change: "tag" | "untag"): string[] | null {
  const next = change === "tag" ? dedupe([...current, ...tags]) : current.filter((tag) => !tags.includes(tag));
  return next.length === current.length ? null : next;
}

// ------------------------------------------------------------------ shared

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
 * ones are ended already and left as they are.
 */
export async function revokeSessionsOf(tx: Tx, ctx: ServiceContext, userId: string): Promise<number> {
  const now = ctx.clock.now();
  const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
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

async function reload(tx: Tx, id: string): Promise<UserRecord> {
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
async function assertUnique(tx: Tx, fields: { username?: string; email?: string | null; externalId?: string | null }, exceptId?: string) {
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

function dedupe(tags: string[]): string[] {
  return [...new Set(tags)].sort();
}

export type { User };
