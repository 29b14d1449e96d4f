import { Prisma, type PrismaClient } from "@steward/db";
import type { User } from "@steward/contracts";

/**
 * The read model of a user: one SQL statement returns users with their role
 * names and groups, so a page of 50 costs one round trip.
 */
export const USER_COLUMNS = Prisma.sql`
  u.id, u.numeric_id, u.username::text AS username, u.email::text AS email, u.display_name, u.first_name,
  u.last_name, u.language, u.phone, u.external_id, u.domain, u.status::text AS status, u.tags,
  u.mfa_enabled, u.last_login_at, u.version, u.created_at, u.updated_at,
  ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
        WHERE ur.user_id = u.id ORDER BY r.name) AS roles,
  COALESCE((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name)
            FROM group_memberships gm JOIN groups g ON g.id = gm.group_id
            WHERE gm.user_id = u.id), '[]'::json) AS groups`;

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
  mfa_enabled: boolean;
  last_login_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  roles: string[];
  groups: { id: string; name: string }[] | string;
}

export interface UserRecord {
  user: User;
  /** Changes on every write; the ETag is made from it. */
  version: number;
}

export function toUserRecord(row: UserRow): UserRecord {
  const groups = typeof row.groups === "string" ? JSON.parse(row.groups) : row.groups;
  return {
    version: Number(row.version),
    user: {
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
      local: row.domain === null,
      status: row.status,
      tags: [...row.tags].sort(),
      roles: row.roles,
      groups,
      mfaEnabled: row.mfa_enabled,
      lastLoginAt: iso(row.last_login_at),
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
    },
  };
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

type Db = Pick<PrismaClient, "$queryRaw">;

/** Users matching a WHERE clause (over alias `u`), in the given order. */
export async function selectUsers(db: Db, where: Prisma.Sql, orderAndLimit: Prisma.Sql = Prisma.empty): Promise<UserRecord[]> {
  const rows = await db.$queryRaw<UserRow[]>`SELECT ${USER_COLUMNS} FROM users u WHERE ${where} ${orderAndLimit}`;
  return rows.map(toUserRecord);
}

export async function selectUserById(db: Db, id: string): Promise<UserRecord | null> {
  const [record] = await selectUsers(db, Prisma.sql`u.id = ${id}::uuid`);
  return record ?? null;
}

export const etagOf = (record: Pick<UserRecord, "version">) => `"v${record.version}"`;
