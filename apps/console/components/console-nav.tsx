"use client";

import Link from "next/link";
import type { Me } from "@steward/client";
import { can, type Feature } from "@/lib/permissions";
import {
  BookIcon,
  GroupIcon,
  HistoryIcon,
  KeyIcon,
  LogoMark,
  MailIcon,
  MonitorIcon,
  OperatorIcon,
  RelayIcon,
  SendIcon,
  SettingsIcon,
  ShieldIcon,
  TicketIcon,
  UserIcon,
  UsersIcon,
} from "./icons";

export interface Section {
  href: string;
  label: string;
  Icon: typeof UsersIcon;
  /** What reading the page needs (lib/permissions.ts); none for the account's own area. */
  needs?: Feature;
}

/**
 * The console's pages, in the navigation's order, each listed once the
 * session is known to hold the permission that reads it: an account with
 * none (one that signed up) sees only its own area, and no dead link.
 */
export const SECTIONS: readonly Section[] = [
  { href: "/users", label: "Users", Icon: UsersIcon, needs: "users.read" },
  { href: "/groups", label: "Groups", Icon: GroupIcon, needs: "groups.read" },
  { href: "/invites", label: "Invites", Icon: TicketIcon, needs: "invites.read" },
  { href: "/sessions", label: "Sessions", Icon: MonitorIcon, needs: "sessions.read" },
  { href: "/audit", label: "Audit log", Icon: HistoryIcon, needs: "audit.read" },
  { href: "/relays", label: "Relays", Icon: RelayIcon, needs: "relays.read" },
  { href: "/outbox", label: "Outbox", Icon: MailIcon, needs: "mail.read" },
  { href: "/api-keys", label: "API keys", Icon: KeyIcon, needs: "apiKeys.read" },
  { href: "/roles", label: "Roles", Icon: ShieldIcon, needs: "roles.read" },
  { href: "/operators", label: "Operators", Icon: OperatorIcon, needs: "operators.read" },
  { href: "/settings", label: "Settings", Icon: SettingsIcon, needs: "settings.read" },
  { href: "/settings/notify", label: "Notify", Icon: SendIcon, needs: "settings.read" },
];

/** The signed-in account's own area, for everyone signed in. */
export const ACCOUNT_SECTION: Section = { href: "/account", label: "Your account", Icon: UserIcon };

/** Where a session starts: the first page of the navigation it may read, else its own area. */
export function startPageFor(me: Me): string {
  return SECTIONS.find(({ needs }) => !needs || can(me, needs))?.href ?? ACCOUNT_SECTION.href;
}

/** The section a path is in (the nested one when sections nest: `/settings/notify` in `/settings`), if any. */
export function sectionOf(pathname: string): Section | undefined {
  const matching = [...SECTIONS, ACCOUNT_SECTION].filter(({ href }) => pathname === href || pathname.startsWith(`${href}/`));
  return matching.sort((a, b) => b.href.length - a.href.length)[0];
}

/** The sidebar's contents: the brand, the pages `me` may read, the account's area, the API reference. */
export function ConsoleNav({ me, pathname }: { me: Me | null; pathname: string }) {
  const sections = SECTIONS.filter(({ needs }) => !needs || can(me, needs));
  const current = sectionOf(pathname)?.href;
  return (
    <>
      <Link href={me ? startPageFor(me) : "/users"} className="brand">
        <LogoMark className="brand-mark" />
        <span>
          Steward
          <small>Administration console</small>
        </span>
      </Link>
      {sections.length ? <div className="nav-section">Directory</div> : null}
      <nav aria-label="Pages">
        {sections.map(({ href, label, Icon }) => (
          <Link key={href} href={href} className="nav-link" aria-current={current === href ? "page" : undefined}>
            <Icon />
            {label}
          </Link>
        ))}
      </nav>
      <div className="nav-section space-above-lg">Account</div>
      <Link href={ACCOUNT_SECTION.href} className="nav-link" aria-current={current === ACCOUNT_SECTION.href ? "page" : undefined}>
        <ACCOUNT_SECTION.Icon />
        {ACCOUNT_SECTION.label}
      </Link>
      <div className="nav-section space-above-lg">Developers</div>
      <a className="nav-link" href="/api/v1/docs" target="_blank" rel="noreferrer">
        <BookIcon />
        API reference
      </a>
      <div className="sidebar-footer">Steward · API v1</div>
    </>
  );
}
