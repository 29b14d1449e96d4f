import { randomUUID } from "node:crypto";
import { prismaSql } from "@steward/db";
import type { CreateGroup, Group, UpdateGroup } from "@steward/contracts";
import { readPlatformSettings } from "../settings/platform-settings.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { bumpVersions, mutate, type Tx } from "../kernel/mutate.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { groupNotFound, selectGroupById } from "./group-view.ts";

// Groups do not grant permissions: no group write changes what a credential may do.
const NO_ACCESS_CHANGE = { changesAccess: false } as const;

export async function getGroup(ctx: ServiceContext, id: string): Promise<Group> {
  return selectGroupById(ctx.sql, id);
}

export async function createGroup(ctx: ServiceContext, input: CreateGroup): Promise<Group> {
  return mutate(ctx, (tx) => createGroupIn(tx, ctx, input), NO_ACCESS_CHANGE);
}

/**
 * Creates a group inside the caller's transaction (the invites service
 * creates one with a group invite). With `createMuc`, the group's chat room
 * is named by the group's id, as Prosody names rooms: `<id>@<settings' xmpp.mucDomain>`.
 */
export async function createGroupIn(tx: Tx, ctx: ServiceContext, input: CreateGroup): Promise<Group> {
  assertNeeds(ctx.actor, ["groups:manage"], "Creating a group");
  const id = randomUUID();
  const { xmpp } = await readPlatformSettings({ db: tx, settings: ctx.settings });
  // Written field by field: what a caller may set is exactly this list.
  await tx.group.create({
    data: { id, name: input.name, mucJid: input.createMuc ? `${id}@${xmpp.mucDomain}` : null },
    select: { id: true },
  });
  const after = await selectGroupById(prismaSql(tx), id);
  await recordAudit(tx, ctx, { action: "group.create", targetType: "group", targetId: id, after });
  return after;
}

/** Renames a group; its members' representations change with it (`user.groups` shows the name). */
export async function renameGroup(ctx: ServiceContext, id: string, input: UpdateGroup): Promise<Group> {
  assertNeeds(ctx.actor, ["groups:manage"], "Renaming a group");
  return mutate(ctx, async (tx) => {
    const before = await loadForWrite(tx, id);
    if (before.name === input.name) return before;
    await bumpVersions(tx, "users", await memberIds(tx, id));
    await tx.group.update({ where: { id }, data: { name: input.name } });
    const after = await selectGroupById(prismaSql(tx), id);
    await recordAudit(tx, ctx, { action: "group.rename", targetType: "group", targetId: id, before, after });
    return after;
  }, NO_ACCESS_CHANGE);
}

/** Deletes a group. Its members stay; they only leave it (and their `groups` change). */
export async function deleteGroup(ctx: ServiceContext, id: string): Promise<void> {
  assertNeeds(ctx.actor, ["groups:manage"], "Deleting a group");
  await mutate(ctx, async (tx) => {
    const before = await loadForWrite(tx, id);
    await bumpVersions(tx, "users", await memberIds(tx, id));
    // The memberships go with the group (ON DELETE CASCADE); the users stay.
    await tx.group.delete({ where: { id } });
    await recordAudit(tx, ctx, { action: "group.delete", targetType: "group", targetId: id, before });
  }, NO_ACCESS_CHANGE);
}

/**
 * Every change of a group starts here: locks its row for this transaction
 * (memberships wait, so the member list read next stays true) and reads it.
 * Members' user rows are then locked (bumpVersions) before any membership
 * row, the order a user deletion takes too, so the two cannot deadlock.
 */
async function loadForWrite(tx: Tx, id: string): Promise<Group> {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM groups WHERE id = ${id}::uuid FOR UPDATE`;
  if (!locked) throw groupNotFound();
  return selectGroupById(prismaSql(tx), id);
}

async function memberIds(tx: Tx, groupId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ user_id: string }[]>`SELECT user_id FROM group_memberships WHERE group_id = ${groupId}::uuid`;
  return rows.map((row) => row.user_id);
}
