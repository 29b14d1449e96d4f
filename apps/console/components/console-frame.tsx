"use client";

import { useRouter } from "next/navigation";
import { Suspense, use, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { browser } from "react-dom";
import type { Me } from "@steward/client";
import { createBrowserClient, readSession, signOutAndLeave } from "@/lib/session";
import { messageOf } from "@/lib/errors";
import { ConsoleContext, type ConsoleContextValue } from "./console-context";
import { Shell } from "./console-shell";
import { Alert, Spinner } from "./ui";

export { startPageFor } from "./console-nav";

/** The signed-in part of the console: checks the session, then draws the shell. */
export function ConsoleFrame({ children }: { children: ReactNode }) {
  return (
    <Suspense fallback={<Spinner label="Loading the console" />}>
      <SessionGate>{children}</SessionGate>
    </Suspense>
  );
}

function SessionGate({ children }: { children: ReactNode }) {
  // The session lives in sessionStorage, which only the browser has: render
  // this subtree in the browser only (the server sends the spinner above).
  use(browser("The console session is kept in sessionStorage."));
  const router = useRouter();
  const [session] = useState(() => readSession());
  const client = useMemo(() => (session ? createBrowserClient(session.token) : null), [session]);
  const [me, setMe] = useState<Me | null>(null);
  const [meError, setMeError] = useState<string | null>(null);
  const [crumb, setCrumb] = useState<string | null>(null);

  useEffect(() => {
    if (!session) {
      const here = window.location.pathname + window.location.search;
      router.replace(`/login?next=${encodeURIComponent(here)}`);
      return;
    }
    let live = true;
    client!
      .me()
      .then((value) => live && setMe(value))
      .catch((error) => live && setMeError(messageOf(error)));
    return () => {
      live = false;
    };
  }, [session, client, router]);

  const signOut = useCallback(() => signOutAndLeave(client), [client]);

  if (!session || !client) return <Spinner label="Redirecting to sign in" />;
  const value: ConsoleContextValue = { client, session, me, signOut, setCrumb };
  return (
    <ConsoleContext.Provider value={value}>
      <Shell me={me} username={session.username} crumb={crumb} meFailed={meError !== null} onSignOut={signOut}>
        {meError ? (
          <div className="space-below">
            <Alert tone="error" title="Could not load your account">
              {meError}
            </Alert>
          </div>
        ) : null}
        {children}
      </Shell>
    </ConsoleContext.Provider>
  );
}
