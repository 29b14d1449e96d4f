import { Prisma } from "@steward/db";
import type { Group, GroupMember, Page } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { userRefSql, type UserRef } from "../users/users.ts";
import { bumpVersions, mutate, type Tx } from "../kernel/mutate.ts";
import { afterUsernameSql, usernamePage } from "../kernel/paging.ts";
import { groupNotFound, selectGroups, userNotFound } from "./group-view.ts";

interface MemberRow {
  id: string;
  username: string;
  display_name: string | null;
  joined_at: Date | string;
}

function toMember(row: MemberRow): GroupMember {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    joinedAt: new Date(row.joined_at).toISOString(),
  };
}

/** A group's members by username, a page at a time; `total` counts them all. */
export async function listGroupMembers(
  ctx: ServiceContext,
  groupId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<GroupMember>> {
  const after = afterUsernameSql(query.cursor);
  const [[head], rows] = await Promise.all([
    ctx.sql.query<{ found: boolean; total: number | string | bigint }>(Prisma.sql`
      SELECT EXISTS (SELECT 1 FROM groups WHERE id = ${groupId}::uuid) AS found,
        (SELECT count(*) FROM group_memberships WHERE group_id = ${groupId}::uuid) AS total`),
    ctx.sql.query<MemberRow>(Prisma.sql`
      SELECT u.id, u.username::text AS username, u.display_name, gm.joined_at
      FROM group_memberships gm JOIN users u ON u.id = gm.user_id
      WHERE gm.group_id = ${groupId}::uuid AND ${after}
      ORDER BY u.username LIMIT ${query.limit + 1}`),
  ]);
  if (!head?.found) throw groupNotFound();
  return usernamePage(rows, { limit: query.limit, total: Number(head.total) }, toMember);
}

/** The groups of the user `ref` names (by id, or as a dialect names users), by name. */
export async function listUserGroups(ctx: ServiceContext, ref: UserRef): Promise<{ data: Group[]; total: number }> {
  const [[user], data] = await Promise.all([
    ctx.sql.query<{ id: string }>(Prisma.sql`SELECT u.id FROM users u WHERE ${userRefSql(ref)}`),
    selectGroups(
      ctx.sql,
      Prisma.sql`g.id IN (SELECT gm.group_id FROM group_memberships gm JOIN users u ON u.id = gm.user_id WHERE ${userRefSql(ref)})`,
      { order: Prisma.sql`g.name, g.id` },
    ),
  ]);
  if (!user) throw userNotFound();
  return { data, total: data.length };
}

/**
 * Adds a user to a group; adding a member again changes nothing. Not a
 * write on the user's account (no rank check), but it shows in their
 * `groups`: their version moves.
 */
export async function addGroupMember(ctx: ServiceContext, groupId: string, user: UserRef): Promise<void> {
  assertNeeds(ctx.actor, ["groups:manage"], "Adding a group member");
  await mutate(ctx, async (tx) => {
    const userId = await lockPair(tx, groupId, user);
    await joinGroups(tx, ctx, [groupId], userId);
  }, { changesAccess: false });
}

/**
 * Adds a user to groups inside the caller's transaction (the invites
 * service, when an invite's groups are joined at redemption). Groups that
 * no longer exist are skipped; groups the user is in already are left as
 * they are.
 */
export async function addGroupMembersIn(tx: Tx, ctx: ServiceContext, groupIds: string[], userId: string): Promise<void> {
  await lockUser(tx, userId);
  await joinGroups(tx, ctx, await lockGroups(tx, groupIds), userId);
}

/** Takes a user out of a group; removing a non-member changes nothing. */
export async function removeGroupMember(ctx: ServiceContext, groupId: string, user: UserRef): Promise<void> {
  assertNeeds(ctx.actor, ["groups:manage"], "Removing a group member");
  await mutate(ctx, async (tx) => {
    const userId = await lockPair(tx, groupId, user);
    const [left] = await tx.$queryRaw<{ joined_at: Date }[]>`
      DELETE FROM group_memberships WHERE group_id = ${groupId}::uuid AND user_id = ${userId}::uuid RETURNING joined_at`;
    if (!left) return;
    await bumpVersions(tx, "users", [userId]);
    await auditMembership(tx, ctx, "group.member.remove", userId, { group_id: groupId, joined_at: left.joined_at });
  }, { changesAccess: false });
}

/**
 * Makes `groupIds` (existing, locked by lockExistingGroups) exactly the
 * groups of a user locked by loadForWrite, each change audited. Needs
 * `groups:manage`, as every membership change does; the same groups sent
 * back (a client saving a profile) change nothing and need nothing.
 */
export async function setUserGroupsIn(tx: Tx, ctx: ServiceContext, userId: string, groupIds: string[]): Promise<void> {
  await assertMayChangeGroups(tx, ctx, userId, groupIds);
  await leaveGroupsExcept(tx, ctx, userId, groupIds);
  await joinGroups(tx, ctx, groupIds, userId);
}

/** Locks the groups (the order every membership change locks in: groups before the user); 404 when one of them does not exist. */
export async function lockExistingGroups(tx: Tx, groupIds: string[]): Promise<string[]> {
  const wanted = [...new Set(groupIds)];
  const existing = await lockGroups(tx, wanted);
  if (existing.length !== wanted.length) throw groupNotFound();
  return existing;
}

/** Refuses (403 `missing_permission`) a caller without `groups:manage` whose change would make the user's groups other than they are. */
async function assertMayChangeGroups(tx: Tx, ctx: ServiceContext, userId: string, wanted: string[]): Promise<void> {
  const current = await tx.$queryRaw<{ group_id: string }[]>`SELECT group_id FROM group_memberships WHERE user_id = ${userId}::uuid`;
  const same = current.length === wanted.length && current.every((row) => wanted.includes(row.group_id));
  if (!same) assertNeeds(ctx.actor, ["groups:manage"], "Changing a user's groups");
}

/** Takes the user out of every group but `keep`, auditing each. */
async function leaveGroupsExcept(tx: Tx, ctx: ServiceContext, userId: string, keep: string[]): Promise<void> {
  const left = await tx.$queryRaw<{ group_id: string; joined_at: Date }[]>`
    DELETE FROM group_memberships WHERE user_id = ${userId}::uuid AND NOT (group_id = ANY(${keep}::uuid[]))
    RETURNING group_id, joined_at`;
  for (const row of left) await auditMembership(tx, ctx, "group.member.remove", userId, row);
}

/** Joins the (locked, existing) groups; bumps the user's version and audits only what changed. */
async function joinGroups(tx: Tx, ctx: ServiceContext, groupIds: string[], userId: string): Promise<void> {
  if (groupIds.length === 0) return;
  const joined = await tx.$queryRaw<{ group_id: string; joined_at: Date }[]>`
    INSERT INTO group_memberships (group_id, user_id)
    SELECT g, ${userId}::uuid FROM unnest(${groupIds}::uuid[]) AS g
    ON CONFLICT DO NOTHING RETURNING group_id, joined_at`;
  if (joined.length === 0) return;
  await bumpVersions(tx, "users", [userId]);
  for (const row of joined) await auditMembership(tx, ctx, "group.member.add", userId, row);
}

/** One membership that began (`after`) or ended (`before`), audited on the group. */
async function auditMembership(
  tx: Tx,
  ctx: ServiceContext,
  action: "group.member.add" | "group.member.remove",
  userId: string,
  row: { group_id: string; joined_at: Date },
): Promise<void> {
  const membership = { groupId: row.group_id, userId, joinedAt: row.joined_at.toISOString() };
  await recordAudit(tx, ctx, {
    action,
    targetType: "group",
    targetId: row.group_id,
    ...(action === "group.member.add" ? { after: membership } : { before: membership }),
  });
}

/**
 * Membership changes lock the group and the user against deletion (KEY
 * SHARE: other membership changes run side by side; a rename or deletion of
 * the group waits, so it sees the members as they end up), then 404 what is
 * missing, the group first. Answers the user's id.
 */
async function lockPair(tx: Tx, groupId: string, user: UserRef): Promise<string> {
  if ((await lockGroups(tx, [groupId])).length === 0) throw groupNotFound();
  return lockUser(tx, user);
}

/** The ids of those groups that exist, locked against deletion until commit. */
async function lockGroups(tx: Tx, groupIds: string[]): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM groups WHERE id = ANY(${[...new Set(groupIds)]}::uuid[]) ORDER BY id FOR KEY SHARE`;
  return rows.map((row) => row.id);
}

/** Locks the user `ref` names against deletion until commit; its id, or 404. */
async function lockUser(tx: Tx, ref: UserRef): Promise<string> {
  const [user] = await tx.$queryRaw<{ id: string }[]>`SELECT u.id FROM users u WHERE ${userRefSql(ref)} FOR KEY SHARE`;
  if (!user) throw userNotFound();
  return user.id;
}
