"use client";

import { AccountAppTokens } from "./account-app-tokens";
import { AccountHeader } from "./account-nav";
import { AccountSharedTokens } from "./account-shared-tokens";

/** Your access tokens: those you share (a level per channel) and your apps' personal ones. */
export function AccountTokensView() {
  return (
    <>
      <AccountHeader title="Access tokens" crumb="Access tokens">
        Tokens that reach your own data: shared ones you hand out, and those of the apps you use.
      </AccountHeader>
      <div className="stack">
        <AccountSharedTokens />
        <AccountAppTokens />
      </div>
    </>
  );
}
