import { Prisma, type SqlClient } from "@steward/db";
import { covers, intersectPermissions, missingPermissions, type Invite, type Permission } from "@steward/contracts";
import type { Actor } from "../kernel/context.ts";
import { forbidden } from "../kernel/errors.ts";
import { userPermissionsSql } from "../kernel/permissions.ts";

/**
 * Who may make, read and redeem what an invite grants. An invite hands on
 * a power of its maker's to whoever holds its token, so the same rule
 * decides all three: its maker must hold these permissions when making it,
 * a reader must hold them to see its token again, and its maker must still
 * hold them (and still be active) when it is redeemed.
 */

/** What an invite is, as these rules see it. */
export interface InviteGrant {
  kind: Invite["kind"];
  /** How many groups a redeemer joins. */
  groupCount: number;
}

/**
 * The permissions an invite's maker holds for what it grants: an account
 * (`invites:manage`), memberships (`groups:manage`, like any membership
 * change), or a new password for one account (`users:update`, like any
 * password change; with rank on that account, checked apart).
 */
export function permissionsToGrant(invite: InviteGrant): Permission[] {
  if (invite.kind === "reset") return ["users:update"];
  return invite.kind === "group" || invite.groupCount > 0 ? ["invites:manage", "groups:manage"] : ["invites:manage"];
}

/** Refuses (403 `permission_not_held`) a maker who does not hold what the invite grants. */
export function assertMayGrant(actor: Actor, invite: InviteGrant): void {
  const lacking = missingPermissions(actor.permissions, permissionsToGrant(invite));
  if (lacking.length === 0) return;
  throw forbidden(`This invite needs permissions you do not hold: ${lacking.join(", ")}`, "permission_not_held");
}

/**
 * Whether `reader` may see an invite's token again: only someone who could
 * make the same invite now, through the invites API. A reset invite's
 * token is never shown again (nor kept to be): it was shown once, to its maker.
 */
export function mayReadToken(reader: Actor, invite: InviteGrant): boolean {
  return invite.kind !== "reset" && covers(reader.permissions, ["invites:manage", ...permissionsToGrant(invite)]);
}

/**
 * Whether `reader` may read a mail that carries an invite's link: as for
 * its token, but a reset's mail (the one copy of its link) also to whoever
 * could make that reset now: `users:update` and every permission of the
 * account (`targetPermissions`; null once it is deleted).
 */
export function mayReadMailOf(reader: Actor, invite: InviteGrant, targetPermissions: string[] | null): boolean {
  if (invite.kind !== "reset") return mayReadToken(reader, invite);
  return targetPermissions !== null && covers(reader.permissions, [...permissionsToGrant(invite), ...targetPermissions]);
}

/** Why an invite grants nothing any more, for the audit log and its `revokedReason`. */
export type VoidCause = "inviter_inactive" | "inviter_lacks_permission" | "account_deleted" | "account_outranks_inviter";

/** The columns of an `invites i` row the maker check reads. */
export interface MakerRow extends InviteGrant {
  id: string;
  inviter_type: string;
  inviter_id: string | null;
  inviter_api_key_id: string | null;
  target_user_id: string | null;
}

/**
 * Whether the invite's maker can still give what it grants, as they are now
 * (null: yes; else why not): a system-made invite always can; a user must
 * be active and hold `permissionsToGrant`; an API key must also be live,
 * and grants what it holds AND what its creator holds (as when it is used);
 * for a reset, the account must still exist and hold nothing its maker
 * does not. Read through `sql`: inside the redemption's transaction, after
 * it locked the maker's and the account's rows, or plainly to describe it.
 */
export async function voidCause(sql: SqlClient, invite: MakerRow, at: Date): Promise<VoidCause | null> {
  if (invite.kind === "reset" && invite.target_user_id === null) return "account_deleted";
  if (invite.inviter_type === "system") return null;
  const [maker] = await sql.query<{ active: boolean; permissions: string[]; key_permissions: string[] | null; key_live: boolean | null }>(Prisma.sql`
    SELECT u.status = 'active' AS active, ${userPermissionsSql(Prisma.sql`u.id`)} AS permissions,
      k.permissions AS key_permissions,
      (k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ${at}::timestamptz) AND k.created_by_id = u.id) AS key_live
    FROM users u LEFT JOIN api_keys k ON k.id = ${invite.inviter_api_key_id}::uuid
    WHERE u.id = ${invite.inviter_id}::uuid`);
  if (!maker?.active) return "inviter_inactive";
  let permissions = maker.permissions;
  if (invite.inviter_type === "api_key") {
    if (!maker.key_live || maker.key_permissions === null) return "inviter_inactive";
    permissions = intersectPermissions(maker.key_permissions, permissions);
  }
  if (!covers(permissions, permissionsToGrant(invite))) return "inviter_lacks_permission";
  if (invite.kind !== "reset") return null;
  const [target] = await sql.query<{ permissions: string[] }>(
    Prisma.sql`SELECT ${userPermissionsSql(Prisma.sql`u.id`)} AS permissions FROM users u WHERE u.id = ${invite.target_user_id}::uuid`,
  );
  if (!target) return "account_deleted";
  return covers(permissions, target.permissions) ? null : "account_outranks_inviter";
}
