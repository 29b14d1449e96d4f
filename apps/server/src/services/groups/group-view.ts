import { Prisma, type QueryOptions, type SqlClient } from "@steward/db";
import type { Group } from "@steward/contracts";
import { ServiceError } from "../kernel/errors.ts";
import { iso } from "../kernel/sql.ts";

/**
 * The read model of groups: one statement returns the selected groups with
 * their member counts, counted for the selection only (a page, never the
 * whole table). Each count is a range of the memberships' primary key
 * (group_id, user_id), read index-only; a grouped count over `IN (selection)`
 * let PostgreSQL pick a scan of every membership instead (about 50 ms at
 * 400k memberships, for a page of groups with none).
 *
 * `where` applies to `groups g`; `page.order` sorts both the selection and
 * the answer (it may name `g.` columns: the selection is aliased `g` again).
 */
function readModelStatement(where: Prisma.Sql, page: PageSpec | null): Prisma.Sql {
  const limit = page?.limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${page.limit}`;
  const orderAndLimit = page ? Prisma.sql`ORDER BY ${page.order} ${limit}` : Prisma.empty;
  return Prisma.sql`WITH selection AS MATERIALIZED (
    SELECT g.id, g.name, g.muc_jid, g.created_at, g.updated_at FROM groups g WHERE ${where} ${orderAndLimit})
SELECT g.id, g.name, g.muc_jid, g.created_at, g.updated_at, mc.members AS member_count
FROM selection g CROSS JOIN LATERAL (SELECT count(*) AS members FROM group_memberships gm WHERE gm.group_id = g.id) mc
${page ? Prisma.sql`ORDER BY ${page.order}` : Prisma.empty}`;
}

export interface PageSpec {
  order: Prisma.Sql;
  /** All matches when absent. */
  limit?: number;
}

interface GroupRow {
  id: string;
  name: string;
  muc_jid: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  member_count: number | string | bigint;
}

function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    name: row.name,
    mucJid: row.muc_jid,
    memberCount: Number(row.member_count),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Groups matching a WHERE clause over `groups g`, sorted by `order` and limited to `limit` when given. */
export async function selectGroups(sql: SqlClient, where: Prisma.Sql, page: PageSpec | null = null, options?: QueryOptions): Promise<Group[]> {
  const rows = await sql.query<GroupRow>(readModelStatement(where, page), options);
  return rows.map(toGroup);
}

/** The group with this id, or a 404 `group_not_found`. */
export async function selectGroupById(sql: SqlClient, id: string): Promise<Group> {
  const [group] = await selectGroups(sql, Prisma.sql`g.id = ${id}::uuid`);
  if (!group) throw groupNotFound();
  return group;
}

export const groupNotFound = () => new ServiceError("not_found", "Group not found", { reason: "group_not_found" });
export const userNotFound = () => new ServiceError("not_found", "User not found", { reason: "user_not_found" });
