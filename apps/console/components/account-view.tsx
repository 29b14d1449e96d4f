"use client";

import { useEffect } from "react";
import { useConsole } from "./console-context";
import { AccountMfa } from "./account-mfa";

/** The signed-in operator's own account: who they are, and their two-factor sign-in. */
export function AccountView() {
  const { me, session, setCrumb } = useConsole();
  useEffect(() => setCrumb(null), [setCrumb]);
  const roles = me?.user?.roles ?? [];
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
        <AccountMfa />
      </div>
    </>
  );
}
