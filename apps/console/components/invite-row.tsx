"use client";

import type { Invite } from "@steward/client";
import { InviteStateBadge } from "./invite-state";
import { RowRemoveButton } from "./ui";
import { formatDate, formatDateTime, formatTime } from "@/lib/format";
import { KIND_LABELS, inviteTarget, usesLabel } from "@/lib/invites";

export const INVITE_COLUMNS = ["Kind", "For", "State", "Uses", "Expires", "Created"];

/**
 * One invite in the invites table. With `actions` (invites:manage), a
 * pending one offers its link again (not a reset's: shown once) and a
 * revocation, which the caller confirms.
 */
export function InviteRow({
  invite,
  actions,
}: {
  invite: Invite;
  actions?: { opening: boolean; busy: boolean; onShowLink(invite: Invite): void; onRevoke(invite: Invite): void };
}) {
  return (
    <tr data-testid="invite-row" className="static">
      <td className="nowrap cell-strong">{KIND_LABELS[invite.kind]}</td>
      <td className="cell-wrap-any">{inviteTarget(invite)}</td>
      <td>
        <InviteStateBadge state={invite.state} />
      </td>
      <td className="nowrap">{usesLabel(invite)}</td>
      <td className="nowrap" title={invite.expiresAt ? formatDateTime(invite.expiresAt) : undefined}>
        {invite.expiresAt ? (
          <>
            {formatDate(invite.expiresAt)}
            <span className="sub">{formatTime(invite.expiresAt)}</span>
          </>
        ) : (
          <span className="muted">When revoked</span>
        )}
      </td>
      <td className="nowrap" title={formatDateTime(invite.createdAt)}>
        {formatDate(invite.createdAt)}
        {invite.inviter ? <span className="sub">by {invite.inviter.username}</span> : null}
      </td>
      {actions ? (
        <td className="cell-actions">
          {invite.state === "pending" ? (
            <>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                disabled={invite.kind === "reset" || actions.opening}
                title={invite.kind === "reset" ? "A reset link is shown once, when it is made" : undefined}
                onClick={() => actions.onShowLink(invite)}
              >
                {actions.opening ? "Opening…" : "Show link"}
              </button>
              <RowRemoveButton
                label="Revoke"
                ariaLabel={`Revoke ${KIND_LABELS[invite.kind].toLowerCase()} invite: ${inviteTarget(invite)}`}
                disabled={actions.busy}
                onClick={() => actions.onRevoke(invite)}
              />
            </>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
