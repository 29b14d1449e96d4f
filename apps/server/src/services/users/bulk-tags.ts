import { Prisma } from "@steward/db";
import type { BulkTagsResult } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import type { Tx } from "../kernel/mutate.ts";
import { loadForWrite, retagUser, writeUser } from "./users.ts";

/** Who a bulk change names: user ids (the API) or usernames (Pleroma's admin API). */
type Targets = { ids: string[] } | { usernames: string[] };
type Change = Parameters<typeof retagUser>[4];

/** Adds tags to every user named by id; all or nothing. */
export function addTagsToUsers(ctx: ServiceContext, userIds: string[], tags: string[]): Promise<BulkTagsResult> {
  return retag(ctx, { ids: userIds }, tags, "tag");
}

/** Removes tags from every user named by id; all or nothing. */
export function removeTagsFromUsers(ctx: ServiceContext, userIds: string[], tags: string[]): Promise<BulkTagsResult> {
  return retag(ctx, { ids: userIds }, tags, "untag");
}

/** Adds tags to every user named by username (regardless of case); all or nothing. */
export function tagUsersByUsername(ctx: ServiceContext, usernames: string[], tags: string[]): Promise<BulkTagsResult> {
  return retag(ctx, { usernames }, tags, "tag");
}

/** Removes tags from every user named by username (regardless of case); all or nothing. */
export function untagUsersByUsername(ctx: ServiceContext, usernames: string[], tags: string[]): Promise<BulkTagsResult> {
  return retag(ctx, { usernames }, tags, "untag");
}

/**
 * One transaction: locks every target in id order (two bulk changes over
 * overlapping users take their locks in the same order and cannot
 * deadlock), refuses the lot when one is unknown or outranks the caller
 * (loadForWrite, as every user write), and writes, bumps and audits only
 * the users whose tags change.
 */
async function retag(ctx: ServiceContext, targets: Targets, tags: string[], change: Change): Promise<BulkTagsResult> {
  return writeUser(
    ctx,
    async (tx) => {
      const named = [...new Set(await lockTargets(tx, targets))];
      const tagsNow = new Map<string, string[]>();
      let changed = 0;
      for (const id of [...named].sort()) {
        const before = await loadForWrite(tx, ctx, id);
        const after = await retagUser(tx, ctx, before, tags, change);
        if (after !== before) changed += 1;
        tagsNow.set(id, after.user.tags);
      }
      return { changed, users: named.map((id) => ({ id, tags: tagsNow.get(id)! })) };
    },
    { changesAccess: false },
  );
}

/**
 * Locks the named users in id order and answers their ids in the order they
 * were named; 404 naming every one that does not exist.
 */
async function lockTargets(tx: Tx, targets: Targets): Promise<string[]> {
  const byId = "ids" in targets;
  const wanted = byId ? targets.ids : targets.usernames;
  if (wanted.length === 0) return [];
  const cast = Prisma.raw(byId ? "uuid" : "citext");
  const column = Prisma.raw(byId ? "id" : "username");
  const rows = await tx.$queryRaw<{ id: string; username: string }[]>`
    SELECT id::text AS id, username::text AS username FROM users
    WHERE ${column} IN (${Prisma.join(wanted.map((value) => Prisma.sql`${value}::${cast}`))}) ORDER BY id FOR UPDATE`;
  // Ids come back in lower case; usernames are citext (equal regardless of case).
  const key = (name: string) => name.toLowerCase();
  const found = new Map(rows.map((row) => [key(byId ? row.id : row.username), row.id]));
  const missing = wanted.map((name, index) => ({ name, index })).filter(({ name }) => !found.has(key(name)));
  if (missing.length) {
    const field = byId ? "body.userIds" : "body.usernames";
    throw new ServiceError("not_found", `No user ${missing.map(({ name }) => name).join(", ")}`, {
      reason: "user_not_found",
      fields: missing.map(({ name, index }) => ({ path: `${field}.${index}`, message: `No user ${name}`, code: "not_found" })),
    });
  }
  return wanted.map((name) => found.get(key(name))!);
}
