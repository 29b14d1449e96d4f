import { Prisma, prismaSql } from "@steward/db";
import type { CreateUser, UpdateUser, User } from "@steward/contracts";
import { recordAudit } from "../audit.ts";
import { changeAccess } from "../credential-cache.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError, conflict, notFound } from "../errors.ts";
import { hashPassword } from "../secrets.ts";
import { assertCanGrant, resolveRoleIds } from "../roles.ts";
import { assertMayActOn } from "./access-guard.ts";
import { assertNotLastAdmin } from "./admin-guard.ts";
import { etagOf, selectUserById, selectUsers, type UserRecord } from "./user-view.ts";

type Tx = Prisma.TransactionClient;

export async function getUser(ctx: ServiceContext, id: string): Promise<UserRecord> {
  const record = await selectUserById(ctx.sql, id);
  if (!record) throw notFound("User");
  return record;
}

export async function lookupUser(
  ctx: ServiceContext,
  by: { username?: string; email?: string; externalId?: string },
): Promise<UserRecord> {
  // username and email are citext: the unique indexes answer case-insensitively.
  const where =
    by.username !== undefined
      ? Prisma.sql`u.username = ${by.username}::citext`
      : by.email !== undefined
        ? Prisma.sql`u.email = ${by.email}::citext`
        : Prisma.sql`u.external_id = ${by.externalId}`;
  const [record] = await selectUsers(ctx.sql, where);
  if (!record) throw notFound("User");
  return record;
}

export async function createUser(ctx: ServiceContext, input: CreateUser): Promise<UserRecord> {
  const passwordHash = input.password ? await hashPassword(input.password, ctx.config.argon2) : null;
  return mutate(ctx, async (tx) => {
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
    await recordAudit(tx, ctx.actor, ctx.meta, { action: "user.create", targetType: "user", targetId: created.id, after: after.user });
    return after;
  }, { changesAccess: false });
}

export interface WriteGuard {
  /** ETag the caller last read; the write is refused (412) if the user changed since. */
  ifMatch?: string;
}

export async function updateUser(ctx: ServiceContext, id: string, patch: UpdateUser, guard: WriteGuard = {}): Promise<UserRecord> {
  const passwordHash = patch.password ? await hashPassword(patch.password, ctx.config.argon2) : undefined;
  return mutate(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, id, guard);
    await assertUnique(tx, patch, id);
    const { password: _password, tags, ...fields } = patch;
    await tx.user.update({
      where: { id },
      data: {
        ...fields,
        ...(tags !== undefined ? { tags: dedupe(tags) } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        version: { increment: 1 },
      },
    });
    // A new password ends every session signed in with the old one.
    if (passwordHash) await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
    return audited(tx, ctx, "user.update", before, { passwordChanged: Boolean(passwordHash) });
  });
}

export async function deleteUser(ctx: ServiceContext, id: string, guard: WriteGuard = {}): Promise<void> {
  await mutate(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, id, guard);
    await assertNotLastAdmin(tx, id, "delete");
    // Their keys stop working with them (authentication needs an active creator); say so in the list too.
    await tx.apiKey.updateMany({ where: { createdById: id, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.user.delete({ where: { id } });
    await recordAudit(tx, ctx.actor, ctx.meta, { action: "user.delete", targetType: "user", targetId: id, before: before.user });
  });
}

export async function setUserStatus(ctx: ServiceContext, id: string, status: "active" | "deactivated"): Promise<UserRecord> {
  return mutate(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, id);
    if (before.user.status === status) return before;
    if (status === "deactivated") {
      if (ctx.actor.userId === id) throw conflict("You cannot deactivate yourself", "self_deactivation");
      await assertNotLastAdmin(tx, id, "deactivate");
      await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
    }
    await tx.user.update({ where: { id }, data: { status, version: { increment: 1 } } });
    return audited(tx, ctx, status === "active" ? "user.activate" : "user.deactivate", before);
  });
}

export async function addUserTags(ctx: ServiceContext, id: string, tags: string[]): Promise<UserRecord> {
  return mutate(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, id);
    const next = dedupe([...before.user.tags, ...tags]);
    if (next.length === before.user.tags.length) return before;
    await tx.user.update({ where: { id }, data: { tags: next, version: { increment: 1 } } });
    return audited(tx, ctx, "user.tag", before);
  }, { changesAccess: false });
}

export async function removeUserTag(ctx: ServiceContext, id: string, tag: string): Promise<UserRecord> {
  return mutate(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, id);
    if (!before.user.tags.includes(tag)) return before;
    await tx.user.update({ where: { id }, data: { tags: before.user.tags.filter((t) => t !== tag), version: { increment: 1 } } });
    return audited(tx, ctx, "user.untag", before);
  }, { changesAccess: false });
}

// ------------------------------------------------------------------ shared

export interface MutationOptions {
  /**
   * Whether the write can change what the user's sessions may do (status,
   * roles, password, deletion): then every instance's credential cache is
   * cleared on commit. Only writes that certainly cannot say false.
   */
  changesAccess: boolean;
}

/** Runs a write in one transaction and turns a lost unique race into a 409. */
export async function mutate<T>(ctx: ServiceContext, fn: (tx: Tx) => Promise<T>, options: MutationOptions = { changesAccess: true }): Promise<T> {
  try {
    return await (options.changesAccess ? changeAccess(ctx, fn) : ctx.db.$transaction(fn));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict("A user with that username, email or external id already exists", "unique_clash");
    }
    throw error;
  }
}

/**
 * Every write on a user starts here: locks the user row for this
 * transaction, refuses a caller the target outranks, and checks the
 * caller's ETag.
 */
export async function loadForWrite(tx: Tx, ctx: ServiceContext, id: string, guard: WriteGuard = {}): Promise<UserRecord> {
  await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${id}::uuid FOR UPDATE`;
  const record = await selectUserById(prismaSql(tx), id);
  if (!record) throw notFound("User");
  await assertMayActOn(tx, ctx.actor, record);
  if (guard.ifMatch !== undefined && !etagMatches(guard.ifMatch, etagOf(record))) {
    throw new ServiceError("precondition_failed", "The user changed since you read it; read it again and retry", { reason: "etag_mismatch" });
  }
  return record;
}

/** Re-reads the user after a write and records the audit event with before and after. */
export async function audited(tx: Tx, ctx: ServiceContext, action: string, before: UserRecord, extra?: Record<string, unknown>): Promise<UserRecord> {
  const after = await reload(tx, before.user.id);
  await recordAudit(tx, ctx.actor, ctx.meta, {
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
