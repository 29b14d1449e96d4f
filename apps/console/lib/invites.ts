import type { Invite } from "@steward/client";

export const KIND_LABELS: Record<Invite["kind"], string> = {
  register: "Register",
  group: "Group",
  reset: "Password reset",
};

export const STATE_LABELS: Record<Invite["state"], string> = {
  pending: "Pending",
  used: "Used",
  expired: "Expired",
  revoked: "Revoked",
};

/** Who or what an invite is for, in a few words. */
export function inviteTarget(invite: Invite): string {
  if (invite.kind === "reset") return `Password of ${invite.targetUsername ?? "an account"}`;
  const who = invite.targetUsername
    ? `Account ${invite.targetUsername}`
    : invite.reusable
      ? "Anyone with the link"
      : invite.email
        ? `One new account, for ${invite.email}`
        : "One new account";
  return invite.groups.length ? `${who}, joining ${invite.groups.map((g) => g.name).join(", ")}` : who;
}

/** "1 of 1", "3 of 10", "3 (no limit)". */
export function usesLabel(invite: Invite): string {
  if (invite.maxUses !== null) return `${invite.uses} of ${invite.maxUses}`;
  return invite.reusable ? `${invite.uses} (no limit)` : `${invite.uses} of 1`;
}
