import { randomUUID } from "node:crypto";
import { Prisma } from "@steward/db";
import type { AttachedResource, Page } from "@steward/contracts";
import type { ServiceContext } from "./kernel/context.ts";
import { conflict, notFound } from "./kernel/errors.ts";
import { mutate } from "./kernel/mutate.ts";
import { afterCursorSql, decodeCursor, keysetPage } from "./kernel/paging.ts";
import { iso } from "./kernel/sql.ts";
import { RESOURCE_COLUMNS, auditResource, toAttachedResource, type ResourceRow } from "./users/resource-guard.ts";
import { loadForWrite } from "./users/users.ts";

/**
 * Resources attached to users: links from a user to things living in
 * another system (Pterodactyl's servers), each a kind and the other
 * system's id for it, unique together, so one thing belongs to one user at
 * most. A link grants nothing and does not show in a user's
 * representation: no access change, no version bump. Attaching and
 * detaching are writes on the user (loadForWrite: rank check, and the lock
 * that keeps a user with resources from being deleted meanwhile).
 */
const NO_ACCESS_CHANGE = { changesAccess: false } as const;

/** The one order of a user's resources: attach order, the id breaking ties (index attached_resources_user_id_created_at_id_idx). */
const SORT = "createdAt";
const SORT_COLUMNS = [Prisma.raw("r.created_at"), Prisma.raw("r.id")];

export interface ListResourcesQuery {
  /** Taken as given: the HTTP contract caps it at 200. */
  limit: number;
  cursor?: string;
}

/** The resources attached to a user, in attach order, a page at a time; `total` counts them all. 404 for an unknown user. */
export async function listUserResources(ctx: ServiceContext, userId: string, query: ListResourcesQuery): Promise<Page<AttachedResource>> {
  const owned = Prisma.sql`r.user_id = ${userId}::uuid`;
  const after = query.cursor
    ? afterCursorSql(SORT_COLUMNS, ["timestamptz", "uuid"], decodeCursor(query.cursor, SORT, ["timestamp", "uuid"]), false)
    : Prisma.sql`TRUE`;
  const [[head], rows] = await Promise.all([
    ctx.sql.query<{ found: boolean; total: number | string | bigint }>(Prisma.sql`
      SELECT EXISTS (SELECT 1 FROM users WHERE id = ${userId}::uuid) AS found,
        (SELECT count(*) FROM attached_resources r WHERE ${owned}) AS total`),
    ctx.sql.query<ResourceRow>(Prisma.sql`
      SELECT ${RESOURCE_COLUMNS} FROM attached_resources r WHERE ${owned} AND ${after}
      ORDER BY r.created_at, r.id LIMIT ${query.limit + 1}`),
  ]);
  if (!head?.found) throw userNotFound();
  return keysetPage(rows, { limit: query.limit, sort: SORT, total: Number(head.total) }, toAttachedResource, (row) => [iso(row.created_at), row.id]);
}

/**
 * Every resource of one kind, whoever holds it (Pterodactyl's server list),
 * by external id (the unique index on kind and external id), a numbered
 * page at a time, with the total.
 */
export async function listResourcesOfKind(ctx: ServiceContext, kind: string, page: { offset: number; limit: number }): Promise<{ data: AttachedResource[]; total: number }> {
  const [[count], rows] = await Promise.all([
    ctx.sql.query<{ n: number | string | bigint }>(Prisma.sql`SELECT count(*) AS n FROM attached_resources r WHERE r.kind = ${kind}`),
    ctx.sql.query<ResourceRow>(Prisma.sql`
      SELECT ${RESOURCE_COLUMNS} FROM attached_resources r WHERE r.kind = ${kind}
      ORDER BY r.external_id LIMIT ${page.limit} OFFSET ${page.offset}`),
  ]);
  return { data: rows.map(toAttachedResource), total: Number(count?.n ?? 0) };
}

export interface AttachResourceInput {
  kind: string;
  externalId: string;
  name?: string | null;
}

/**
 * Attaches a resource to a user; answers it with `created: true`, or, when
 * this (kind, externalId) is attached to this user already, the existing
 * link as it is with `created: false` (nothing written). 409
 * `resource_attached_elsewhere` when it is attached to another user, also
 * when both are attached at the same moment (the unique index decides).
 */
export async function attachResource(
  ctx: ServiceContext,
  userId: string,
  input: AttachResourceInput,
): Promise<{ resource: AttachedResource; created: boolean }> {
  return mutate(ctx, async (tx) => {
    await loadForWrite(tx, ctx, userId);
    // Each statement sees what committed before it: a concurrent attach of the same resource makes the
    // insert wait for it, then find its row; a concurrent detach between the two statements makes us insert again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const [made] = await tx.$queryRaw<ResourceRow[]>`
        INSERT INTO attached_resources AS r (id, user_id, kind, external_id, name)
        VALUES (${randomUUID()}::uuid, ${userId}::uuid, ${input.kind}, ${input.externalId}, ${input.name ?? null})
        ON CONFLICT (kind, external_id) DO NOTHING RETURNING ${RESOURCE_COLUMNS}`;
      if (made) {
        const resource = toAttachedResource(made);
        await auditResource(tx, ctx, "user.resource.attach", resource);
        return { resource, created: true };
      }
      const [existing] = await tx.$queryRaw<ResourceRow[]>`
        SELECT ${RESOURCE_COLUMNS} FROM attached_resources r WHERE r.kind = ${input.kind} AND r.external_id = ${input.externalId}`;
      if (existing?.user_id === userId) return { resource: toAttachedResource(existing), created: false };
      if (existing) throw attachedElsewhere(input);
    }
    throw conflict("The resource is being attached and detached at the same time; retry", "resource_busy");
  }, { ...NO_ACCESS_CHANGE, onUniqueClash: () => attachedElsewhere(input) });
}

/** Detaches one of a user's resources by its id; 404 `resource_not_found` when the user has none with that id. */
export async function detachResource(ctx: ServiceContext, userId: string, resourceId: string): Promise<void> {
  await mutate(ctx, async (tx) => {
    await loadForWrite(tx, ctx, userId);
    const [gone] = await tx.$queryRaw<ResourceRow[]>`
      DELETE FROM attached_resources r WHERE r.id = ${resourceId}::uuid AND r.user_id = ${userId}::uuid RETURNING ${RESOURCE_COLUMNS}`;
    if (!gone) throw notFound("Resource");
    await auditResource(tx, ctx, "user.resource.detach", toAttachedResource(gone));
  }, NO_ACCESS_CHANGE);
}

const attachedElsewhere = (input: AttachResourceInput) =>
  conflict(`The ${input.kind} ${input.externalId} is attached to another user; detach it there first`, "resource_attached_elsewhere");

const userNotFound = () => notFound("User");
