import { Prisma, type SqlClient } from "@steward/db";
import type { AttachedResource, User } from "@steward/contracts";
import { iso, isoOrNull } from "../kernel/sql.ts";
import { toAttachedResource, type ResourceRow } from "./resource-guard.ts";

/** The users columns the read model needs, uncast (sorting and cursors compare them as stored). */
const PAGE_COLUMNS = Prisma.sql`u.id, u.numeric_id, u.username, u.email, u.display_name, u.first_name, u.last_name,
  u.language, u.phone, u.external_id, u.domain, u.status, u.tags, u.direct_permissions, u.mfa_enabled, u.last_login_at,
  u.registration_invite_id, u.registration_referer, u.registration_server, u.version, u.created_at, u.updated_at`;

/**
 * The read model of users: one statement returns the selected users with
 * their role names and groups. Roles and groups are gathered once for the
 * whole page (a join on the page's ids), not by a subquery per row, which
 * costs PostgreSQL about 40 % less on a page of 50.
 *
 * `where` applies to `users u`; `page.order` sorts both the selection and the
 * answer (it may name `u.` columns: the page is aliased `u` again). With
 * `include.resources`, each user's attached resources come in the same
 * statement, gathered for the page the same way.
 */
function readModelStatement(where: Prisma.Sql, page: PageSpec | null, include: UserIncludes, from: ReadSource = FROM_USERS): Prisma.Sql {
  const orderAndLimit = page
    ? Prisma.sql`ORDER BY ${page.order} LIMIT ${page.limit}${page.offset ? Prisma.sql` OFFSET ${page.offset}` : Prisma.empty}`
    : Prisma.empty;
  return Prisma.sql`WITH ${from.ctes} page AS MATERIALIZED (SELECT ${PAGE_COLUMNS} FROM ${from.table} u WHERE ${where} ${orderAndLimit}),
  page_roles AS (SELECT ur.user_id, array_agg(r.name ORDER BY r.name) AS roles
    FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id IN (SELECT id FROM page) GROUP BY ur.user_id),
  page_groups AS (SELECT gm.user_id, json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name) AS groups
    FROM group_memberships gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id IN (SELECT id FROM page) GROUP BY gm.user_id)${
  include.resources ? RESOURCES_OF_PAGE : Prisma.empty}${include.permissions ? PERMISSIONS_OF_PAGE : Prisma.empty}
SELECT u.id, u.numeric_id, u.username::text AS username, u.email::text AS email, u.display_name, u.first_name,
  u.last_name, u.language, u.phone, u.external_id, u.domain, u.status::text AS status, u.tags, u.direct_permissions,
  u.mfa_enabled, u.last_login_at, u.registration_invite_id, u.registration_referer, u.registration_server, u.version,
  u.created_at, u.updated_at, COALESCE(pr.roles, '{}') AS roles, COALESCE(pg.groups, '[]'::json) AS groups${
  include.resources ? Prisma.sql`, COALESCE(pres.resources, '[]'::json) AS resources` : Prisma.empty}${
  include.permissions ? Prisma.sql`, pp.permissions` : Prisma.empty}
FROM page u LEFT JOIN page_roles pr ON pr.user_id = u.id LEFT JOIN page_groups pg ON pg.user_id = u.id${
  include.resources ? Prisma.sql` LEFT JOIN page_resources pres ON pres.user_id = u.id` : Prisma.empty}${
  include.permissions ? Prisma.sql` JOIN page_permissions pp ON pp.user_id = u.id` : Prisma.empty}
${page ? Prisma.sql`ORDER BY ${page.order}` : Prisma.empty}`;
}

/** Where the read model's users come from: the table, or the rows a write in the same statement returned. */
interface ReadSource {
  /** CTEs put before the read model's own, each followed by a comma. */
  ctes: Prisma.Sql;
  /** What `page` selects from: `users`, or one of `ctes` returning users rows. */
  table: Prisma.Sql;
}

const FROM_USERS: ReadSource = { ctes: Prisma.empty, table: Prisma.sql`users` };

/** The page's attached resources, in attach order, as ResourceRows. */
const RESOURCES_OF_PAGE = Prisma.sql`,
  page_resources AS (SELECT r.user_id, json_agg(json_build_object('id', r.id, 'user_id', r.user_id, 'kind', r.kind,
      'external_id', r.external_id, 'name', r.name, 'created_at', r.created_at) ORDER BY r.created_at, r.id) AS resources
    FROM attached_resources r WHERE r.user_id IN (SELECT id FROM page) GROUP BY r.user_id)`;

/** Each user's permissions, through their roles and their own, sorted (userPermissionsSql, for a page at once). */
const PERMISSIONS_OF_PAGE = Prisma.sql`,
  page_permissions AS (SELECT page.id AS user_id, ARRAY(SELECT DISTINCT p FROM (
      SELECT unnest(r.permissions) AS p FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = page.id
      UNION ALL SELECT unnest(page.direct_permissions)) granted ORDER BY p) AS permissions FROM page)`;

/** What a read may bring with each user besides the user. */
export interface UserIncludes {
  /** The user's attached resources (Pterodactyl's `include=servers`). */
  resources?: boolean;
  /** Every permission the user holds, through roles or directly (an operator's). */
  permissions?: boolean;
}

interface PageSpec {
  order: Prisma.Sql;
  limit: number;
  /** Rows to skip first: only for the dialects that page by number; the API seeks by cursor. */
  offset?: number;
}

export interface UserRow {
  id: string;
  numeric_id: number;
  username: string;
  email: string | null;
  display_name: string | null;
  first_name: string | null;
  last_name: string | null;
  language: string | null;
  phone: string | null;
  external_id: string | null;
  domain: string | null;
  status: "active" | "deactivated";
  tags: string[];
  direct_permissions: string[];
  mfa_enabled: boolean;
  last_login_at: Date | null;
  registration_invite_id: string | null;
  registration_referer: string | null;
  registration_server: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  roles: string[];
  groups: { id: string; name: string }[] | string;
  resources?: ResourceRow[] | string;
  permissions?: string[];
}

export interface UserRecord {
  user: User;
  /** Changes on every write; the ETag is made from it. */
  version: number;
  /** When the read included them: the user's attached resources, in attach order. */
  resources?: AttachedResource[];
  /** When the read included them: every permission the user holds (`*`: all). */
  permissions?: string[];
}

/** A JSON column: parsed by the driver (pg) or still text (PGlite). */
const fromJson = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

/** A user's identity and profile columns as the API names them: the user view's and the export's. */
export function profileOf(
  row: Pick<UserRow, "id" | "numeric_id" | "username" | "email" | "display_name" | "first_name" | "last_name" | "language" | "phone" | "external_id" | "domain" | "status">,
) {
  return {
    id: row.id,
    numericId: Number(row.numeric_id),
    username: row.username,
    email: row.email,
    displayName: row.display_name,
    firstName: row.first_name,
    lastName: row.last_name,
    language: row.language,
    phone: row.phone,
    externalId: row.external_id,
    domain: row.domain,
    status: row.status,
  };
}

export function toUserRecord(row: UserRow): UserRecord {
  return {
    ...(row.resources === undefined ? {} : { resources: fromJson(row.resources).map(toAttachedResource) }),
    ...(row.permissions === undefined ? {} : { permissions: row.permissions }),
    version: Number(row.version),
    user: {
      ...profileOf(row),
      local: row.domain === null,
      tags: [...row.tags].sort(),
      roles: row.roles,
      directPermissions: [...(row.direct_permissions ?? [])].sort(),
      groups: fromJson(row.groups),
      mfaEnabled: row.mfa_enabled,
      registration: { inviteId: row.registration_invite_id, referer: row.registration_referer, server: row.registration_server },
      lastLoginAt: isoOrNull(row.last_login_at),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    },
  };
}

/** Users matching a WHERE clause over `users u`, sorted by `order` and limited to `limit` when given, with what `include` asks. */
export async function selectUsers(sql: SqlClient, where: Prisma.Sql, page: PageSpec | null = null, include: UserIncludes = {}): Promise<UserRecord[]> {
  const rows = await sql.query<UserRow>(readModelStatement(where, page, include));
  return rows.map(toUserRecord);
}

export async function selectUserById(sql: SqlClient, id: string): Promise<UserRecord | null> {
  const [record] = await selectUsers(sql, Prisma.sql`u.id = ${id}::uuid`);
  return record ?? null;
}

/**
 * A write to one user and the user as it left it, in one statement (one
 * round trip): `writes` are data-modifying CTEs, each followed by a comma,
 * and `written` names the one that updates the user (RETURNING users.*).
 * Its returned row is what is read: the statement's snapshot would show the
 * user as it was before. Null when it updated nothing.
 */
export async function writeAndSelectUser(sql: SqlClient, writes: Prisma.Sql, written: string): Promise<UserRecord | null> {
  const [row] = await sql.query<UserRow>(readModelStatement(Prisma.sql`true`, null, {}, { ctes: writes, table: Prisma.raw(written) }));
  return row ? toUserRecord(row) : null;
}

export const etagOf = (record: Pick<UserRecord, "version">) => `"v${record.version}"`;
