"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Me } from "@steward/client";
import { can } from "@/lib/permissions";
import { ConsoleNav, SECTIONS, sectionOf, startPageFor } from "./console-nav";
import { LogOutIcon, MenuIcon } from "./icons";
import { NoAccess } from "./no-access";
import { Avatar, Spinner } from "./ui";

/**
 * The signed-in console's frame: the navigation (a sidebar on wide screens;
 * on phones, behind the Menu button in the top bar), the top bar with the
 * breadcrumb and the account, and the page. A page of a section the operator
 * may not read is replaced by a notice saying so, once `me` is known.
 */
export function Shell({
  me,
  username,
  crumb,
  meFailed,
  onSignOut,
  children,
}: {
  me: Me | null;
  /** `/auth/me` failed: the page shows anyway (the frame says why above it). */
  meFailed: boolean;
  username: string;
  crumb: string | null;
  onSignOut: () => Promise<void>;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const [signingOut, setSigningOut] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const sidebar = useRef<HTMLElement>(null);
  const roles = me?.user?.roles ?? [];
  const section = sectionOf(pathname);
  // A page of a guarded section waits for `me`, so it never asks for what it may not read.
  const guarded = section?.needs !== undefined;
  const denied = me !== null && guarded && !can(me, section!.needs!);
  const waiting = me === null && guarded && !meFailed;

  // A page opened from the menu closes it.
  useEffect(() => setMenuOpen(false), [pathname]);

  // The open menu: focus its first link; Escape closes it and gives focus back to the button.
  useEffect(() => {
    if (!menuOpen) return;
    sidebar.current?.querySelector<HTMLElement>("a")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  return (
    <div className={`shell${menuOpen ? " menu-open" : ""}`}>
      <aside id="console-navigation" ref={sidebar} className="sidebar" aria-label="Main navigation">
        <ConsoleNav me={me} pathname={pathname} />
      </aside>
      {menuOpen ? <div className="nav-scrim" aria-hidden onClick={() => setMenuOpen(false)} /> : null}
      <div className="main">
        <header className="topbar">
          <button
            ref={menuButton}
            type="button"
            className="btn btn-ghost menu-button"
            aria-expanded={menuOpen}
            aria-controls="console-navigation"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <MenuIcon />
            <span className="sr-only">Menu</span>
          </button>
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
        <main className="content">
          {denied ? <NoAccess section={section!.label} startPage={startPageFor(me!)} /> : waiting ? <Spinner label="Loading your account" /> : children}
        </main>
      </div>
    </div>
  );
}

/** Where the page is: its section, and the record a detail page names (`crumb`). A path in no section shows the crumb alone. */
function Breadcrumb({ pathname, crumb }: { pathname: string; crumb: string | null }) {
  const section = sectionOf(pathname);
  if (!section) {
    return (
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <span className="current">{crumb ?? "Steward"}</span>
      </nav>
    );
  }
  const detail = pathname.startsWith(`${section.href}/`) && !SECTIONS.some(({ href }) => href === pathname);
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
