import { Prisma } from "@steward/db";
import { USER_CSV_COLUMNS, type ExportedUser } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { iso } from "../kernel/sql.ts";
import { cellOfList } from "./import/rows.ts";
import { profileOf, type UserRow } from "./user-view.ts";

/**
 * Bulk export of users (`steward export-users`, `GET /api/v1/users/export`):
 * every user in numeric-id order, with role and group names, read a page at
 * a time by keyset (the numeric id's index), so an export of a million
 * users holds one page. `after` (a numeric id) resumes an export that broke
 * off. Password hashes come only when asked, and only for a caller holding
 * `users:export-credentials`; such an export is audited (`user.export`),
 * as every read that reveals secrets is.
 */
export interface ExportOptions {
  /** Users numbered after this one only. */
  after?: number;
  /** At most this many users. */
  limit?: number;
  includePasswordHashes?: boolean;
}

export interface ExportResult {
  users: AsyncGenerator<ExportedUser>;
  /** After the generator is done: how many users it gave, and where a next export starts when `limit` cut it (null: no user is left). */
  end(): { exported: number; nextCursor: string | null };
}

const PAGE_SIZE = 1000;

/** A user's columns as the user views read them, with role and group names. */
interface ExportRow
  extends Pick<UserRow, "numeric_id" | "id" | "username" | "email" | "display_name" | "first_name" | "last_name" | "language" | "phone" | "external_id" | "domain" | "status" | "tags"> {
  roles: string[];
  groups: string[];
  created_at: Date | string;
  password_hash?: string | null;
}

/** Checks the caller may export (and see hashes, when asked) before anything is read; then pages through the users as the generator is read. */
export async function exportUsers(ctx: ServiceContext, options: ExportOptions = {}): Promise<ExportResult> {
  assertNeeds(ctx.actor, options.includePasswordHashes ? ["users:export", "users:export-credentials"] : ["users:export"], "Exporting users");
  if (options.includePasswordHashes) {
    await recordAudit(ctx.db, ctx, {
      action: "user.export",
      targetType: "user",
      after: { includePasswordHashes: true, after: options.after ?? null, limit: options.limit ?? null },
    });
  }
  let exported = 0;
  let last = options.after ?? 0;
  let more = false;
  const hash = options.includePasswordHashes ? Prisma.sql`, u.password_hash` : Prisma.empty;
  async function* users(): AsyncGenerator<ExportedUser> {
    for (;;) {
      const want = options.limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, options.limit - exported);
      if (want <= 0) {
        more = (await ctx.sql.query<{ n: number }>(Prisma.sql`SELECT 1 AS n FROM users WHERE numeric_id > ${last}::int LIMIT 1`)).length > 0;
        return;
      }
      const rows = await ctx.sql.query<ExportRow>(Prisma.sql`
        WITH page AS MATERIALIZED (SELECT u.id, u.numeric_id FROM users u WHERE u.numeric_id > ${last}::int ORDER BY u.numeric_id LIMIT ${want}::int),
        page_roles AS (SELECT ur.user_id, array_agg(r.name ORDER BY r.name) AS roles
          FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id IN (SELECT id FROM page) GROUP BY ur.user_id),
        page_groups AS (SELECT gm.user_id, array_agg(g.name ORDER BY g.name) AS groups
          FROM group_memberships gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id IN (SELECT id FROM page) GROUP BY gm.user_id)
        SELECT u.numeric_id, u.id::text AS id, u.username::text AS username, u.email::text AS email, u.display_name, u.first_name, u.last_name,
          u.language, u.phone, u.external_id, u.domain, u.status::text AS status, u.tags, u.created_at${hash},
          COALESCE(pr.roles, '{}') AS roles, COALESCE(pg.groups, '{}') AS groups
        FROM page JOIN users u ON u.id = page.id LEFT JOIN page_roles pr ON pr.user_id = u.id LEFT JOIN page_groups pg ON pg.user_id = u.id
        ORDER BY u.numeric_id`);
      for (const row of rows) {
        exported++;
        last = Number(row.numeric_id);
        yield toExported(row, options.includePasswordHashes === true);
      }
      if (rows.length < want) return;
    }
  }
  return { users: users(), end: () => ({ exported, nextCursor: more ? String(last) : null }) };
}

function toExported(row: ExportRow, withHash: boolean): ExportedUser {
  return {
    ...profileOf(row),
    tags: row.tags,
    roles: row.roles,
    groups: row.groups,
    createdAt: iso(row.created_at),
    ...(withHash ? { passwordHash: row.password_hash ?? null } : {}),
  };
}

/** An exported user as one NDJSON line (with its newline). */
export function ndjsonLineOf(user: ExportedUser): string {
  return `${JSON.stringify(user)}\n`;
}

/** The CSV columns of an export: every import column, `passwordHash` only with hashes, never `passwordSalt` (stored forms carry their salt). */
export function csvColumnsOf(includePasswordHashes: boolean): string[] {
  return USER_CSV_COLUMNS.filter((column) => column !== "passwordSalt" && (includePasswordHashes || column !== "passwordHash"));
}

/** The header row of a CSV export. */
export function csvHeaderOf(includePasswordHashes: boolean): string {
  return `${csvColumnsOf(includePasswordHashes).join(",")}\r\n`;
}

/** An exported user as one CSV row (RFC 4180: CRLF, quotes where needed). */
export function csvLineOf(user: ExportedUser, includePasswordHashes: boolean): string {
  const cells = csvColumnsOf(includePasswordHashes).map((column) => {
    const value = user[column as keyof ExportedUser];
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return csvCell(cellOfList(value));
    return csvCell(String(value));
  });
  return `${cells.join(",")}\r\n`;
}

function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
