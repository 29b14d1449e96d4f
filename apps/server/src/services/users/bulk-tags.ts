import { Prisma } from "@steward/db";
import type { BulkTagsResult } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import type { Tx } from "../kernel/mutate.ts";
import type { UserRecord } from "./user-view.ts";
import { retagged } from "./tag-user.ts";
import { audited, loadForWrite, writeUser } from "./users.ts";

/** Who a bulk change names: user ids (the API) or usernames (Pleroma's admin API). */
type Targets = { ids: string[] } | { usernames: string[] };
type Change = Parameters<typeof retagged>[2];

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
      const changes: { before: UserRecord; tags: string[] }[] = [];
      for (const id of [...named].sort()) {
        const before = await loadForWrite(tx, ctx, id);
        const next = retagged(before.user.tags, tags, change);
        tagsNow.set(id, next ?? before.user.tags);
        if (next) changes.push({ before, tags: next });
      }
      // One statement for all: the tag counters it moves are then taken in one ordered pass,
      // so two bulk changes cannot each hold a counter the other waits for.
      if (changes.length) {
        const rows = JSON.stringify(changes.map(({ before, tags }) => ({ id: before.user.id, tags })));
        await tx.$executeRaw`UPDATE users u SET tags = ARRAY(SELECT jsonb_array_elements_text(c.tags))
          FROM jsonb_to_recordset(${rows}::jsonb) AS c(id uuid, tags jsonb) WHERE u.id = c.id`;
      }
      for (const { before } of changes) await audited(tx, ctx, `user.${change}`, before);
      return { changed: changes.length, users: named.map((id) => ({ id, tags: tagsNow.get(id)! })) };
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
