"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import type { Invitation, Redemption } from "@steward/client";
import { PublicFrame } from "./public-frame";
import { Alert, Spinner } from "./ui";
import { RedeemForm } from "./redeem-form";
import { createPublicClient, invitationProblem, type InvitationProblem } from "@/lib/invitations";
import { formatDateTime } from "@/lib/format";
import { signInHref } from "@/lib/new-account";

type View =
  | { step: "loading" }
  | { step: "form"; invitation: Invitation }
  | { step: "done"; invitation: Invitation; redemption: Redemption }
  | { step: "failed"; problem: InvitationProblem };

/**
 * The public page behind an invite link: `/invite/<token>` (create an
 * account, maybe joining groups) or `/reset/<token>` (set a new password).
 * Nobody signs in here: the token is the credential, and the page calls the
 * public invitation routes through the console's gateway without the
 * operator's session. A link opened on the other page is sent to its own.
 */
export function InvitationPage({ token, expect }: { token: string; expect: "account" | "reset" }) {
  const router = useRouter();
  const client = useMemo(() => (typeof window === "undefined" ? null : createPublicClient()), []);
  const [view, setView] = useState<View>({ step: "loading" });

  useEffect(() => {
    if (!client) return;
    let live = true;
    client.invitations
      .get(token)
      .then((invitation) => {
        if (!live) return;
        const isReset = invitation.kind === "reset";
        if (isReset !== (expect === "reset")) {
          router.replace(`/${isReset ? "reset" : "invite"}/${encodeURIComponent(token)}`);
          return;
        }
        setView({ step: "form", invitation });
      })
      .catch((error) => live && setView({ step: "failed", problem: invitationProblem(error) }));
    return () => {
      live = false;
    };
  }, [client, token, expect, router]);

  const siteName = view.step === "form" || view.step === "done" ? view.invitation.siteName : null;
  useEffect(() => {
    if (siteName) document.title = `${expect === "reset" ? "Choose a new password" : "Invitation"} · ${siteName}`;
  }, [siteName, expect]);

  if (view.step === "loading") {
    return (
      <PublicFrame siteName={null}>
        <Spinner label="Reading the invitation" />
      </PublicFrame>
    );
  }
  if (view.step === "failed") {
    return (
      <PublicFrame siteName={null}>
        <div className="card-body" data-testid="invitation-error">
          <h1>{view.problem.title}</h1>
          <p className="lead">{view.problem.message}</p>
          {view.problem.final ? null : (
            <button type="button" className="btn btn-block" onClick={() => window.location.reload()}>
              Try again
            </button>
          )}
        </div>
      </PublicFrame>
    );
  }
  if (view.step === "done") {
    const { invitation, redemption } = view;
    return (
      <PublicFrame siteName={invitation.siteName}>
        <div className="card-body stack" data-testid="invitation-done">
          <Alert tone="success" title={redemption.outcome === "account_created" ? "Account created" : "Password changed"} />
          {redemption.outcome === "account_created" ? (
            <>
              <h1>
                Your account <span className="mono-strong">{redemption.username}</span> is ready
              </h1>
              <p className="flush muted">
                Sign in to {invitation.siteName} with this username and the password you chose.
                {invitation.groups.length ? ` You are a member of ${names(invitation.groups)}.` : ""}
              </p>
            </>
          ) : (
            <>
              <h1>Your password is changed</h1>
              <p className="flush muted">
                Sign in to {invitation.siteName} as <strong>{redemption.username}</strong> with your new password. Every
                device that was signed in to this account has been signed out.
              </p>
            </>
          )}
          <Link className="btn btn-primary btn-block" href={signInHref(redemption.username)} data-testid="invitation-sign-in">
            Sign in
          </Link>
        </div>
      </PublicFrame>
    );
  }

  const { invitation } = view;
  return (
    <PublicFrame siteName={invitation.siteName}>
      <div className="card-body">
        {invitation.kind === "reset" ? (
          <>
            <h1>Choose a new password</h1>
            <p className="lead">
              For the account <strong data-testid="invitation-username">{invitation.username}</strong> on {invitation.siteName}.
            </p>
          </>
        ) : (
          <>
            <h1>Join {invitation.siteName}</h1>
            <p className="lead">
              You are invited to create an account
              {invitation.groups.length ? (
                <>
                  {" "}
                  and join <span data-testid="invitation-groups">{names(invitation.groups)}</span>
                </>
              ) : null}
              .
            </p>
          </>
        )}
        <RedeemForm
          token={token}
          invitation={invitation}
          client={client!}
          onDone={(redemption) => setView({ step: "done", invitation, redemption })}
          onFinal={(problem) => setView({ step: "failed", problem })}
        />
      </div>
      {invitation.expiresAt ? (
        <div className="card-footer auth-note">This link works until {formatDateTime(invitation.expiresAt)}.</div>
      ) : null}
    </PublicFrame>
  );
}

function names(groups: { name: string }[]): string {
  const list = groups.map((g) => g.name);
  return list.length <= 1 ? list.join("") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}
