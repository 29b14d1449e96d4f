"use client";

import { useState } from "react";
import type { User } from "@steward/client";
import { useConsole } from "./console-context";
import { Confirm, WriteOutcome } from "./ui";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";

/**
 * Turns off a user's two-factor sign-in (they lost their app and their
 * recovery codes), after a confirmation: `users:reset-mfa`, and the API's
 * rank rule (its refusal is shown as it words it). Offered only while the
 * user has it on and the operator holds the permission. `onChange` re-reads
 * the user afterwards.
 */
export function UserMfaReset({ user, onChange }: { user: User; onChange(): Promise<unknown> }) {
  const { client, me } = useConsole();
  const [asking, setAsking] = useState(false);
  const resetting = useAction();

  if (!can(me, "users.resetMfa") || (!user.mfaEnabled && !resetting.notice)) return null;

  const reset = () =>
    resetting.run(async () => {
      await client.users.resetMfa(user.id);
      // The question stays (busy) until the user is read again, so the button does not come back meanwhile.
      await onChange();
      setAsking(false);
      resetting.setNotice(`Two-factor sign-in is off for ${user.username}: their password alone signs them in, and they can set it up again.`);
    });

  return (
    <section className="card" aria-labelledby="mfa-reset-title">
      <div className="card-header">
        <div>
          <h2 id="mfa-reset-title">Two-factor sign-in</h2>
          <p>For a user who lost their authenticator app and their recovery codes.</p>
        </div>
      </div>
      <div className="card-body stack">
        <WriteOutcome notice={resetting.notice} noticeTestId="mfa-reset-notice" error={asking ? null : resetting.error} errorTitle="Two-factor sign-in not turned off" />
        {asking ? (
          <Confirm
            title={`Turn off two-factor sign-in for ${user.username}?`}
            confirmLabel="Turn it off"
            busyLabel="Turning off…"
            busy={resetting.busy}
            error={resetting.error}
            errorTitle="Two-factor sign-in not turned off"
            onConfirm={() => void reset()}
            onCancel={() => setAsking(false)}
            testId="mfa-reset-confirm"
          >
            Their password alone will sign them in until they set it up again. Their sessions stay open.
          </Confirm>
        ) : user.mfaEnabled ? (
          <div>
            <button type="button" className="btn btn-danger" onClick={() => setAsking(true)}>
              Turn off two-factor sign-in
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
