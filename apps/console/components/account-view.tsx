"use client";

import { useState } from "react";
import { useConsole } from "./console-context";
import { AccountHeader } from "./account-nav";
import { AccountMfa } from "./account-mfa";
import { AccountPassword } from "./account-password";
import { AccountProfile } from "./account-profile";
import { UserSessions } from "./user-sessions";

/**
 * The signed-in account's own area, for every account, operator or not:
 * its profile, password, two-factor sign-in and sessions, through the
 * self-service routes (no operator permission needed). Its channels, access
 * tokens and bookmarks are the next pages of the sub-navigation.
 */
export function AccountView() {
  const { me, session } = useConsole();
  const roles = me?.user?.roles ?? [];
  // A password change ends the other sessions: the list is read again.
  const [sessionsRound, setSessionsRound] = useState(0);
  return (
    <>
      <AccountHeader title="Your account" crumb={null} summaryTestId="account-summary">
        Signed in as <strong>{me?.user?.username ?? session.username}</strong>
        {roles.length ? ` · ${roles.length === 1 ? "role" : "roles"}: ${roles.join(", ")}` : ""}
      </AccountHeader>
      <div className="stack account-page">
        <AccountProfile />
        <AccountPassword onChanged={() => setSessionsRound((round) => round + 1)} />
        <AccountMfa />
        {me?.user ? <UserSessions key={sessionsRound} userId={me.user.id} username={me.user.username} own /> : null}
      </div>
    </>
  );
}
