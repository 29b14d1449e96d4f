"use client";

import type { Invite } from "@steward/client";
import { CopyField } from "./copy-button";
import { QrCode } from "./qr-code";
import { XIcon } from "./icons";
import { Alert } from "./ui";
import { InviteStateBadge } from "./invite-state";
import { formatDateTime } from "@/lib/format";
import { KIND_LABELS, inviteTarget, usesLabel } from "@/lib/invites";

/** Why the API did not show an invite's link (its `tokenHidden`), in words. */
const TOKEN_HIDDEN: Record<NonNullable<Invite["tokenHidden"]>, string> = {
  list: "Lists carry no links: open the invite to see it.",
  shown_once: "A password-reset link is shown once, when it is made. If it was lost, revoke this invite and make a new one.",
  not_permitted: "You could not make this invite yourself (it needs invites:manage, and groups:manage when it joins groups), so its link is not shown to you.",
  unreadable: "Its token can no longer be read (the server's secret key was replaced). Revoke it and make a new one.",
};

/**
 * An invite's link to hand over: the address with a copy button, and a QR
 * code of it for a phone. The link is made by the server
 * (STEWARD_PUBLIC_URL + /invite/… or /reset/…).
 */
export function InviteLink({ invite, fresh, onClose }: { invite: Invite; fresh: boolean; onClose(): void }) {
  return (
    <section className="card" aria-labelledby="invite-link-title" data-testid="invite-panel">
      <div className="card-header">
        <div>
          <h2 id="invite-link-title">
            {fresh ? "Invite created" : "Invite link"}: {KIND_LABELS[invite.kind].toLowerCase()}
          </h2>
          <p>{inviteTarget(invite)}</p>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label="Close the invite link">
          <XIcon />
          Close
        </button>
      </div>
      <div className="card-body invite-link">
        {invite.link ? (
          <>
            <div className="stack">
              <CopyField
                id="invite-link-url"
                label="Link"
                value={invite.link}
                what="link"
                testId="invite-link"
                hint={
                  invite.kind === "reset"
                    ? "Whoever opens it can set a new password for this account: send it to its owner only."
                    : "Whoever opens it can create an account: share it only with the people it is meant for."
                }
              />
              <dl className="props">
                <dt>State</dt>
                <dd>
                  <InviteStateBadge state={invite.state} />
                </dd>
                <dt>Expires</dt>
                <dd>{invite.expiresAt ? formatDateTime(invite.expiresAt) : "When revoked"}</dd>
                <dt>Uses</dt>
                <dd>{usesLabel(invite)}</dd>
              </dl>
            </div>
            <figure className="qr-figure">
              <QrCode text={invite.link} label="QR code of the invite link" />
              <figcaption>Scan to open the link</figcaption>
            </figure>
          </>
        ) : (
          <Alert tone="warning" title="This invite's link cannot be shown">
            {TOKEN_HIDDEN[invite.tokenHidden ?? "unreadable"]}
          </Alert>
        )}
      </div>
    </section>
  );
}
