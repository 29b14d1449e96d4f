import type { Invite, Page, PleromaInvite, PleromaPermissionChange, PleromaPermissionGroups, PleromaUser, PleromaUserList, User } from "@steward/contracts";
import type { PermissionGroup } from "./from-pleroma.ts";

/** Steward's resources in Pleroma's shapes: pure functions, one per resource. */

/** A local account's nickname is its username; a remote one's is `username@domain`, as Pleroma names them. */
export function toPleromaNickname(user: Pick<User, "username" | "domain">): string {
  return user.domain === null ? user.username : `${user.username}@${user.domain}`;
}

export function toPleromaUser(user: User): PleromaUser {
  return {
    id: user.numericId,
    nickname: toPleromaNickname(user),
    deactivated: user.status === "deactivated",
    local: user.local,
    roles: { admin: user.roles.includes("admin"), moderator: user.roles.includes("moderator") },
    tags: user.tags,
    display_name: user.displayName,
    email: user.email,
  };
}

export function toPleromaUserList(page: Pick<Page<{ user: User }>, "data" | "total">, pageSize: number): PleromaUserList {
  return { page_size: pageSize, count: page.total, users: page.data.map(({ user }) => toPleromaUser(user)) };
}

export function toPermissionGroups(user: Pick<User, "roles">): PleromaPermissionGroups {
  return { is_moderator: user.roles.includes("moderator"), is_admin: user.roles.includes("admin") };
}

/** What Pleroma answers after a grant or a revocation: the group changed, and whether the user is in it now. */
export function toPermissionChange(user: Pick<User, "roles">, group: PermissionGroup): PleromaPermissionChange {
  return { [`is_${group}`]: user.roles.includes(group) };
}

/**
 * An invite as Pleroma's UserInviteToken: `used` once it cannot be used any
 * more (revoked, or every use spent; an expired invite is not "used"), and
 * the type from which limits it has.
 */
export function toPleromaInvite(invite: Invite): PleromaInvite {
  const limitedUses = invite.reusable || invite.maxUses !== null;
  const dated = invite.expiresAt !== null;
  return {
    id: invite.numericId,
    // Absent when the caller could not make the invite now, or it can no longer be decrypted (invite-rights.ts).
    ...(invite.token === null ? {} : { token: invite.token }),
    used: invite.state === "used" || invite.state === "revoked",
    expires_at: invite.expiresAt === null ? null : lastValidDay(invite.expiresAt),
    uses: invite.uses,
    max_use: invite.maxUses,
    invite_type: limitedUses ? (dated ? "reusable_date_limited" : "reusable") : dated ? "date_limited" : "one_time",
  };
}

/**
 * Pleroma's expiry is a date: the invite works through that whole day
 * (UTC). Steward's is an instant, shown as the day of its last valid
 * millisecond, so a date given to this API reads back unchanged.
 */
function lastValidDay(expiresAt: string): string {
  return new Date(Date.parse(expiresAt) - 1).toISOString().slice(0, 10);
}
