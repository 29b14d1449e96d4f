"use client";

import Link from "next/link";
import { useState } from "react";
import type { User } from "@steward/client";
import { AuditTable } from "./audit-table";
import { useConsole } from "./console-context";
import { HistoryIcon } from "./icons";
import { Pager } from "./ui";
import { countOf } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { usePage } from "@/lib/use-page";

const LIMIT = 10;

type Side = "about" | "by";

/**
 * A user's own trail in the audit log (`audit-events:read`): the changes
 * made to them, or those they made, newest first, each with its before and
 * after; a link opens the same filter on the Audit log page. `version` (the
 * user's ETag) reads it again after a change on this page.
 */
export function UserAudit({ user, version }: { user: User; version: string }) {
  const { client } = useConsole();
  const [side, setSide] = useState<Side>("about");
  const paging = useCursorPages(`${user.id}/${side}`);
  const { page, loading, error } = usePage(
    () =>
      client.auditEvents.list(
        side === "about"
          ? { targetType: "user", targetId: user.id, limit: LIMIT, cursor: paging.cursor }
          : { actorId: user.id, limit: LIMIT, cursor: paging.cursor },
      ),
    [client, user.id, side, paging.cursor, version],
  );
  const fullLog = side === "about" ? `/audit?targetType=user&targetId=${user.id}` : `/audit?actor=${user.id}`;
  return (
    <section className="card space-above-lg" aria-labelledby="audit-title">
      <div className="card-header wrap">
        <div>
          <h2 id="audit-title">Activity</h2>
          <p>
            <span data-testid="user-audit-total">{page ? countOf(page.total, "event") : "\u00a0"}</span>
            {side === "about" ? ` changed ${user.username}.` : ` made by ${user.username}.`}
          </p>
        </div>
        <div className="card-actions">
          <div className="segmented" role="group" aria-label="Whose activity">
            <button type="button" className="btn btn-sm" aria-pressed={side === "about"} onClick={() => setSide("about")}>
              Changes to {user.username}
            </button>
            <button type="button" className="btn btn-sm" aria-pressed={side === "by"} onClick={() => setSide("by")}>
              By {user.username}
            </button>
          </div>
          <Link href={fullLog} className="btn btn-sm btn-ghost">
            <HistoryIcon />
            Audit log
          </Link>
        </div>
      </div>
      <AuditTable
        page={page}
        loading={loading}
        loadError={{ title: "Could not load the activity", message: error }}
        empty={side === "about" ? `Nothing recorded about ${user.username} yet.` : `${user.username} has changed nothing yet.`}
      />
      <Pager paging={paging} page={page} limit={LIMIT} loading={loading} onlyWhenPaged />
    </section>
  );
}
