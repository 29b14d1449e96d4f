import { Prisma, type SqlClient } from "@steward/db";
import type { Invite, TokenHidden } from "@steward/contracts";
import type { Actor, ServiceContext } from "../kernel/context.ts";
import { SEAL_CONTEXT } from "../kernel/keyring.ts";
import { mayReadToken, type InviteGrant } from "./invite-rights.ts";
import { iso, isoOrNull } from "../kernel/sql.ts";

export type InviteKind = Invite["kind"];
export type InviteState = Invite["state"];

/** An `invites` row as the read model selects it (alias `i`), with its inviter's name and its groups that still exist. */
export interface InviteRow {
  id: string;
  numeric_id: number;
  kind: InviteKind;
  token_ciphertext: string | null;
  reusable: boolean;
  max_uses: number | null;
  uses: number;
  expires_at: Date | null;
  revoked_at: Date | null;
  revoked_reason: Invite["revokedReason"];
  inviter_type: string;
  inviter_id: string | null;
  inviter_api_key_id: string | null;
  inviter_username: string | null;
  source: string | null;
  email: string | null;
  /** For a reset invite, the account's username now (the one it had when the invite was made, once it is deleted). */
  target_username: string | null;
  target_user_id: string | null;
  /** In the order the invite lists them; ids of deleted groups are left out. */
  groups: { id: string; name: string }[] | string;
  created_at: Date;
}

/** "No limit" for a reusable invite without maxUses: the largest int4. */
const UNLIMITED = 2_147_483_647;

/**
 * How many redemptions an invite allows in all: its maxUses, else no limit
 * when reusable, else one. The same rule in SQL as in `inviteState`.
 */
const CAPACITY_SQL = Prisma.sql`coalesce(i.max_uses, CASE WHEN i.reusable THEN ${Prisma.raw(String(UNLIMITED))} ELSE 1 END)`;

/**
 * An invite's state at `now`; the first that holds wins: revoked, used
 * (no use left), expired, pending.
 */
export function inviteState(row: Pick<InviteRow, "revoked_at" | "uses" | "max_uses" | "reusable" | "expires_at">, now: Date): InviteState {
  if (row.revoked_at !== null) return "revoked";
  if (row.uses >= (row.max_uses ?? (row.reusable ? UNLIMITED : 1))) return "used";
  if (row.expires_at !== null && new Date(row.expires_at) <= now) return "expired";
  return "pending";
}

/**
 * The SQL condition (over `invites i`) of the invites in `state` at `now`,
 * exactly as `inviteState` decides it. `now` comes from the service's clock,
 * never from the database's.
 */
export function stateSql(state: InviteState, now: Date): Prisma.Sql {
  const at = Prisma.sql`${now}::timestamptz`;
  switch (state) {
    case "revoked":
      return Prisma.sql`i.revoked_at IS NOT NULL`;
    case "used":
      return Prisma.sql`(i.revoked_at IS NULL AND i.uses >= ${CAPACITY_SQL})`;
    case "expired":
      return Prisma.sql`(i.revoked_at IS NULL AND i.uses < ${CAPACITY_SQL} AND i.expires_at <= ${at})`;
    case "pending":
      return Prisma.sql`(i.revoked_at IS NULL AND i.uses < ${CAPACITY_SQL} AND (i.expires_at IS NULL OR i.expires_at > ${at}))`;
  }
}

/** Invites matching `where` (over `invites i`), newest first, at most `limit` when given. */
export async function selectInvites(sql: SqlClient, where: Prisma.Sql, limit?: number): Promise<InviteRow[]> {
  return sql.query<InviteRow>(Prisma.sql`
    SELECT i.id, i.numeric_id, i.kind::text AS kind, i.token_ciphertext, i.reusable, i.max_uses, i.uses, i.expires_at, i.revoked_at,
      i.revoked_reason, i.inviter_type, i.inviter_id, i.inviter_api_key_id, u.username::text AS inviter_username, i.source, i.email,
      COALESCE(t.username, i.target_username)::text AS target_username, i.target_user_id,
      COALESCE((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY array_position(i.group_ids, g.id))
        FROM groups g WHERE g.id = ANY(i.group_ids)), '[]'::json) AS groups,
      i.created_at
    FROM invites i LEFT JOIN users u ON u.id = i.inviter_id LEFT JOIN users t ON t.id = i.target_user_id
    WHERE ${where}
    ORDER BY i.created_at DESC, i.id DESC
    ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}`);
}

/** The groups of an invite that still exist. */
export function groupsOf(row: Pick<InviteRow, "groups">): { id: string; name: string }[] {
  return typeof row.groups === "string" ? JSON.parse(row.groups) : row.groups;
}

/** The public page a link opens, by kind. */
const LINK_PAGE = { register: "invite", group: "invite", reset: "reset" } as const satisfies Record<InviteKind, string>;

type ViewDeps = Pick<ServiceContext, "keyring" | "settings" | "clock" | "log">;

/** What the rules of invite-rights.ts read of a row. */
export function grantOf(row: Pick<InviteRow, "kind" | "groups">): InviteGrant {
  return { kind: row.kind, groupCount: groupsOf(row).length };
}

/**
 * The representation of an invite: its state at `now`, and its token when
 * `revealTo` is given and may read it (invite-rights.ts); otherwise
 * `tokenHidden` says why not. Whoever reveals a token audits it.
 */
export function toInvite(ctx: ViewDeps, row: InviteRow, options: { now?: Date; revealTo?: Actor } = {}): Invite {
  const { token, hidden } = tokenOf(ctx, row, options.revealTo);
  return {
    id: row.id,
    numericId: Number(row.numeric_id),
    kind: row.kind,
    state: inviteState(row, options.now ?? ctx.clock.now()),
    ...withToken(ctx, row.kind, token),
    tokenHidden: hidden,
    reusable: row.reusable,
    maxUses: row.max_uses,
    uses: Number(row.uses),
    expiresAt: isoOrNull(row.expires_at),
    revokedAt: isoOrNull(row.revoked_at),
    revokedReason: row.revoked_at === null ? null : (row.revoked_reason ?? "revoked"),
    inviter: row.inviter_id !== null && row.inviter_username !== null ? { id: row.inviter_id, username: row.inviter_username } : null,
    source: row.source,
    email: row.email,
    targetUsername: row.target_username,
    targetUserId: row.target_user_id,
    groups: groupsOf(row),
    createdAt: iso(row.created_at),
  };
}

/** An invite's token and the link that carries it (both null without a token). */
export function withToken(ctx: Pick<ViewDeps, "settings">, kind: InviteKind, token: string | null): Pick<Invite, "token" | "link"> {
  return { token, link: token === null ? null : `${ctx.settings.publicUrl}/${LINK_PAGE[kind]}/${token}` };
}

/** What the audit log keeps of an invite: everything but the secret and the link that carries it. */
export function auditView(invite: Invite): Omit<Invite, "token" | "link" | "tokenHidden"> {
  const { token: _token, link: _link, tokenHidden: _hidden, ...rest } = invite;
  return rest;
}

function tokenOf(ctx: ViewDeps, row: InviteRow, reader: Actor | undefined): { token: string | null; hidden: TokenHidden | null } {
  if (!reader) return { token: null, hidden: "list" };
  if (row.kind === "reset") return { token: null, hidden: "shown_once" };
  if (!mayReadToken(reader, grantOf(row))) return { token: null, hidden: "not_permitted" };
  const token = openToken(ctx, row);
  return token === null ? { token, hidden: "unreadable" } : { token, hidden: null };
}

/** The token, or null (with a warning naming the invite, never the token) when the keyring cannot open it. */
function openToken(ctx: ViewDeps, row: InviteRow): string | null {
  if (row.token_ciphertext === null) return null;
  try {
    return ctx.keyring.open(row.token_ciphertext, SEAL_CONTEXT.inviteToken);
  } catch (error) {
    // The keyring's messages name key ids, never the value.
    ctx.log.warn("invite token cannot be opened", { inviteId: row.id, reason: (error as Error).message });
    return null;
  }
}

