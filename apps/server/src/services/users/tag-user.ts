import type { ServiceContext } from "../kernel/context.ts";
import type { Tx } from "../kernel/mutate.ts";
import type { UserRecord } from "./user-view.ts";
import { audited, dedupe, loadForWrite, writeUser } from "./users.ts";

/** Adds tags to a user; tags describe, they grant nothing (no access change). */
export async function addUserTags(ctx: ServiceContext, id: string, tags: string[]): Promise<UserRecord> {
  return writeUser(ctx, async (tx) => retagUser(tx, ctx, await loadForWrite(tx, ctx, id), tags, "tag"), { changesAccess: false });
}

/** Removes one tag from a user. */
export async function removeUserTag(ctx: ServiceContext, id: string, tag: string): Promise<UserRecord> {
  return writeUser(ctx, async (tx) => retagUser(tx, ctx, await loadForWrite(tx, ctx, id), [tag], "untag"), { changesAccess: false });
}

/**
 * Adds (`tag`) or removes (`untag`) tags of a user locked by loadForWrite.
 * Writes, bumps and audits only when the tags change; answers `before`
 * itself when they do not.
 */
async function retagUser(tx: Tx, ctx: ServiceContext, before: UserRecord, tags: string[], change: "tag" | "untag"): Promise<UserRecord> {
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
