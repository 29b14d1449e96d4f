"use client";

import { useEffect, useState } from "react";
import { useConsole } from "./console-context";
import { AccountMfa } from "./account-mfa";
import { AccountPassword } from "./account-password";
import { AccountProfile } from "./account-profile";
import { UserSessions } from "./user-sessions";

/**
 * The signed-in account's own area, for every account, operator or not:
 * its profile, password, two-factor sign-in and sessions, through the
 * self-service routes (no operator permission needed).
 */
export function AccountView() {
  const { me, session, setCrumb } = useConsole();
  useEffect(() => setCrumb(null), [setCrumb]);
  const roles = me?.user?.roles ?? [];
  // A password change ends the other sessions: the list is read again.
  const [sessionsRound, setSessionsRound] = useState(0);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Your account</h1>
          <p data-testid="account-summary">
            Signed in as <strong>{me?.user?.username ?? session.username}</strong>
            {roles.length ? ` · ${roles.length === 1 ? "role" : "roles"}: ${roles.join(", ")}` : ""}
          </p>
        </div>
      </div>
      <div className="stack account-page">
        <AccountProfile />
        <AccountPassword onChanged={() => setSessionsRound((round) => round + 1)} />
        <AccountMfa />
        {me?.user ? <UserSessions key={sessionsRound} userId={me.user.id} username={me.user.username} own /> : null}
      </div>
    </>
  );
}
