"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { useConsole } from "./console-context";

/**
 * The pages of Your account, for every signed-in account (no operator
 * permission needed: each reads only the account's own routes, /api/v1/me).
 */
export const ACCOUNT_PAGES: readonly { href: string; label: string }[] = [
  { href: "/account", label: "Profile and sign-in" },
  { href: "/account/channels", label: "Channels" },
  { href: "/account/tokens", label: "Access tokens" },
  { href: "/account/bookmarks", label: "Bookmarks" },
];

/**
 * The head of every page of Your account: its title, a line under it, and
 * the sub-navigation between the pages. Names the page in the breadcrumb
 * (`crumb`, none on /account itself).
 */
export function AccountHeader({
  title,
  crumb,
  summaryTestId,
  children,
}: {
  title: string;
  crumb: string | null;
  summaryTestId?: string;
  children: ReactNode;
}) {
  const { setCrumb } = useConsole();
  const pathname = usePathname();
  useEffect(() => setCrumb(crumb), [setCrumb, crumb]);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{title}</h1>
          <p data-testid={summaryTestId}>{children}</p>
        </div>
      </div>
      <nav className="subnav" aria-label="Your account">
        {ACCOUNT_PAGES.map(({ href, label }) => (
          <Link key={href} href={href} aria-current={pathname === href ? "page" : undefined}>
            {label}
          </Link>
        ))}
      </nav>
    </>
  );
}
