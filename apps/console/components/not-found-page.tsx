"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { readSession } from "@/lib/session";
import { useConsole } from "./console-context";
import { ConsoleFrame } from "./console-frame";
import { startPageFor } from "./console-nav";
import { ChevronLeft, CompassIcon } from "./icons";
import { PublicFrame } from "./public-frame";
import { Spinner } from "./ui";

/** An unknown address: in the console's shell when this tab is signed in, else on the public card. */
export function NotFoundPage() {
  // sessionStorage is the browser's: decide there (the server sends a spinner).
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  useEffect(() => setSignedIn(readSession() !== null), []);
  if (signedIn === null) return <Spinner label="Loading" />;
  if (signedIn) {
    return (
      <ConsoleFrame>
        <NotFoundCard />
      </ConsoleFrame>
    );
  }
  return (
    <PublicFrame siteName="Steward">
      <div className="card-body stack" data-testid="not-found">
        <h1>Page not found</h1>
        <p className="flush muted">Nothing lives at this address. Check the link, or sign in to the console.</p>
        <Link className="btn btn-primary btn-block" href="/login">
          Sign in
        </Link>
      </div>
    </PublicFrame>
  );
}

function NotFoundCard() {
  const { me, setCrumb } = useConsole();
  const pathname = usePathname();
  useEffect(() => {
    setCrumb("Page not found");
    return () => setCrumb(null);
  }, [setCrumb]);
  return (
    <div className="card" data-testid="not-found">
      <div className="empty">
        <CompassIcon width={28} height={28} className="faint" />
        <strong>Page not found</strong>
        Nothing lives at <span className="mono">{pathname}</span> in this console.
        <div>
          <Link href={me ? startPageFor(me) : "/users"} className="btn btn-primary">
            <ChevronLeft />
            Back to the console
          </Link>
        </div>
      </div>
    </div>
  );
}
