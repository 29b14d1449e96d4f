"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { Suspense, use, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { browser } from "react-dom";
import type { Me } from "@steward/client";
import { createBrowserClient, readSession, clearSession } from "@/lib/session";
import { messageOf } from "@/lib/errors";
import { holds } from "@/lib/permissions";
import { ConsoleContext, type ConsoleContextValue } from "./console-context";
import { LogoMark, LogOutIcon, UsersIcon, BookIcon, GroupIcon, KeyIcon, MailIcon, RelayIcon, TicketIcon, UserIcon, OperatorIcon, SettingsIcon, ShieldIcon, SendIcon } from "./icons";
import { Alert, Avatar, Spinner } from "./ui";

/**
 * The console's pages, in the navigation's order, each listed once the
 * session is known to hold the permission that reads it: an account with
 * none (one that signed up) sees only its own area, and no dead link.
 */
const SECTIONS: readonly { href: string; label: string; Icon: typeof UsersIcon; needs?: string }[] = [
  { href: "/users", label: "Users", Icon: UsersIcon, needs: "users:read" },
  { href: "/groups", label: "Groups", Icon: GroupIcon, needs: "groups:read" },
  { href: "/invites", label: "Invites", Icon: TicketIcon, needs: "invites:read" },
  { href: "/relays", label: "Relays", Icon: RelayIcon, needs: "relays:read" },
  { href: "/outbox", label: "Outbox", Icon: MailIcon, needs: "mail:read" },
  { href: "/api-keys", label: "API keys", Icon: KeyIcon, needs: "api-keys:read" },
  { href: "/roles", label: "Roles", Icon: ShieldIcon, needs: "roles:read" },
  { href: "/operators", label: "Operators", Icon: OperatorIcon, needs: "operators:read" },
  { href: "/settings", label: "Settings", Icon: SettingsIcon, needs: "settings:read" },
  { href: "/settings/notify", label: "Notify", Icon: SendIcon, needs: "settings:read" },
];

/** The signed-in account's own area, for everyone signed in. */
const ACCOUNT_SECTION = { href: "/account", label: "Your account", Icon: UserIcon } as const;

/** Where a session starts: the first page of the navigation it may read, else its own area. */
export function startPageFor(me: Me): string {
  return SECTIONS.find(({ needs }) => !needs || holds(me, needs))?.href ?? ACCOUNT_SECTION.href;
}

/** The section a path is in: the nested one when sections nest (`/settings/notify` in `/settings`). */
function currentSectionHref(pathname: string): string | undefined {
  const matching = SECTIONS.filter(({ href }) => pathname === href || pathname.startsWith(`${href}/`));
  return matching.sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

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

  const signOut = useCallback(async () => {
    try {
      await client?.logout();
    } catch {
      // The session may already be gone on the server; forget it here anyway.
    }
    clearSession();
    router.replace("/login?reason=signed-out");
  }, [client, router]);

  if (!session || !client) return <Spinner label="Redirecting to sign in" />;
  const value: ConsoleContextValue = { client, session, me, signOut, setCrumb };
  return (
    <ConsoleContext.Provider value={value}>
      <Shell me={me} username={session.username} crumb={crumb} onSignOut={signOut}>
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

function Shell({
  me,
  username,
  crumb,
  onSignOut,
  children,
}: {
  me: Me | null;
  username: string;
  crumb: string | null;
  onSignOut: () => Promise<void>;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const [signingOut, setSigningOut] = useState(false);
  const roles = me?.user?.roles ?? [];
  const sections = SECTIONS.filter(({ needs }) => !needs || holds(me, needs));
  return (
    <div className="shell">
      <aside className="sidebar" aria-label="Main navigation">
        <Link href={me ? startPageFor(me) : "/users"} className="brand">
          <LogoMark className="brand-mark" />
          <span>
            Steward
            <small>Administration console</small>
          </span>
        </Link>
        {sections.length ? <div className="nav-section">Directory</div> : null}
        <nav>
          {sections.map(({ href, label, Icon }) => (
            <Link key={href} href={href} className="nav-link" aria-current={currentSectionHref(pathname) === href ? "page" : undefined}>
              <Icon />
              {label}
            </Link>
          ))}
        </nav>
        <div className="nav-section space-above-lg">Account</div>
        <Link
          href={ACCOUNT_SECTION.href}
          className="nav-link"
          aria-current={pathname.startsWith(ACCOUNT_SECTION.href) ? "page" : undefined}
        >
          <ACCOUNT_SECTION.Icon />
          {ACCOUNT_SECTION.label}
        </Link>
        <div className="nav-section space-above-lg">
          Developers
        </div>
        <a className="nav-link" href="/api/v1/docs" target="_blank" rel="noreferrer">
          <BookIcon />
          API reference
        </a>
        <div className="sidebar-footer">Steward · API v1</div>
      </aside>
      <div className="main">
        <header className="topbar">
          <Breadcrumb pathname={pathname} crumb={crumb} />
          <div className="account">
            <div className="account-name">
              <strong data-testid="signed-in-user">{me?.user?.username ?? username}</strong>
              <span>
                {roles.length
                  ? `${roles.length === 1 ? "Role" : "Roles"}: ${roles.join(", ")}`
                  : me?.apiKey
                    ? "API key"
                    : "\u00a0"}
              </span>
            </div>
            {me?.user ? <Avatar user={me.user} /> : null}
            <button
              type="button"
              className="btn btn-sm"
              disabled={signingOut}
              onClick={() => {
                setSigningOut(true);
                void onSignOut();
              }}
            >
              <LogOutIcon />
              Sign out
            </button>
          </div>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}

function Breadcrumb({ pathname, crumb }: { pathname: string; crumb: string | null }) {
  const section = [...SECTIONS, ACCOUNT_SECTION].find(({ href }) => pathname === href || pathname.startsWith(`${href}/`)) ?? SECTIONS[0]!;
  const detail = pathname.startsWith(`${section.href}/`);
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      {detail ? (
        <>
          <Link href={section.href}>{section.label}</Link>
          <span aria-hidden>/</span>
          <span className="current">{crumb ?? "…"}</span>
        </>
      ) : (
        <span className="current">{section.label}</span>
      )}
    </nav>
  );
}
