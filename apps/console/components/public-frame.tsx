import type { ReactNode } from "react";
import { LogoMark } from "./icons";

/** The card the public pages (invitation, reset, sign-up) sit in, under the site's name once it is known. */
export function PublicFrame({ siteName, children }: { siteName: string | null; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card auth-card-wide">
        <div className="auth-brand">
          <LogoMark className="brand-mark" />
          {siteName ?? "\u00a0"}
        </div>
        <div className="card">{children}</div>
      </div>
    </main>
  );
}
