"use client";

import Link from "next/link";
import type { User } from "@steward/client";
import { useConsole } from "./console-context";
import { WriteOutcome } from "./ui";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";

/**
 * Emails the user a link to choose a new password (a 24-hour reset invite).
 * The API queues the mail and answers at once, so success means queued, not
 * delivered; the outbox shows what became of it. Without an address on the
 * account there is nowhere to send it, and the button says so.
 */
export function UserPasswordReset({ user }: { user: User }) {
  const { client, me } = useConsole();
  const sending = useAction();
  const email = user.email;

  const send = () =>
    sending.run(async () => {
      await client.users.sendPasswordReset(user.id);
      sending.setNotice(`A password-reset link for ${user.username} is queued for ${email}.`);
    });

  return (
    <section className="card" aria-labelledby="password-title">
      <div className="card-header">
        <div>
          <h2 id="password-title">Password</h2>
          <p>Mail a link to choose a new password, valid for 24 hours.</p>
        </div>
      </div>
      <div className="card-body stack">
        <WriteOutcome
          notice={
            sending.notice ? (
              <>
                {sending.notice} It is sent in the background
                {can(me, "mail.read") ? (
                  <>
                    ; the <Link href="/outbox">outbox</Link> shows when it leaves.
                  </>
                ) : (
                  "."
                )}
              </>
            ) : null
          }
          noticeTestId="password-reset-notice"
          error={sending.error}
          errorTitle="Reset link not sent"
        />
        <div>
          <button
            type="button"
            className="btn"
            disabled={!email || sending.busy}
            aria-describedby="password-reset-hint"
            onClick={() => void send()}
          >
            {sending.busy ? "Sending…" : "Send password reset"}
          </button>
          <p className="note" id="password-reset-hint" data-testid="password-reset-hint">
            {email
              ? `To ${email}. The current password keeps working until the link is used.`
              : `${user.username} has no email address: add one to the profile to send a reset link.`}
          </p>
        </div>
      </div>
    </section>
  );
}
