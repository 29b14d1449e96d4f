"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import type { AuditEvent, Page } from "@steward/client";
import { AuditDiff } from "./audit-diff";
import { ListTable } from "./ui";
import { actorLabel, surfaceLabel, targetHref } from "@/lib/audit";
import { formatDateTime } from "@/lib/format";

/**
 * Audit events, newest first: when, who, what, on what, through which
 * surface; **Changes** opens the event's before/after, field by field.
 */
export function AuditTable({
  page,
  loading,
  loadError,
  empty,
}: {
  page: Page<AuditEvent> | null;
  loading: boolean;
  loadError?: { title: string; message: string | null };
  empty: React.ReactNode;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <ListTable columns={["When", "Actor", "Action", "Target", "Surface"]} actions page={page} loading={loading} loadError={loadError} empty={empty}>
      {page?.data.map((event) => {
        const href = targetHref(event.target);
        const expanded = open.has(event.id);
        return (
          <Fragment key={event.id}>
            <tr className="static" data-testid="audit-row">
              <td className="nowrap">{formatDateTime(event.at)}</td>
              <td>
                {event.actor.type === "user" && event.actor.id ? (
                  <Link href={`/users/${event.actor.id}`}>{actorLabel(event.actor)}</Link>
                ) : (
                  actorLabel(event.actor)
                )}
                {event.ip ? <span className="sub mono">{event.ip}</span> : null}
              </td>
              <td>
                <span className="mono">{event.action}</span>
              </td>
              <td>
                {event.target.type ? <span className="chip">{event.target.type}</span> : null}
                {event.target.id ? (
                  href ? (
                    <Link href={href} className="sub mono cell-id">
                      {event.target.id}
                    </Link>
                  ) : (
                    <span className="sub mono cell-id">{event.target.id}</span>
                  )
                ) : null}
              </td>
              <td>
                <span className="chip">{surfaceLabel(event.dialect)}</span>
              </td>
              <td className="cell-actions">
                <button
                  type="button"
                  className="btn btn-ghost btn-sm"
                  aria-expanded={expanded}
                  aria-controls={`audit-${event.id}`}
                  onClick={() => toggle(event.id)}
                >
                  {expanded ? "Hide changes" : "Changes"}
                  <span className="sr-only"> of {event.action} at {formatDateTime(event.at)}</span>
                </button>
              </td>
            </tr>
            {expanded ? (
              <tr className="static diff-row-holder" id={`audit-${event.id}`}>
                <td colSpan={6}>
                  <AuditDiff event={event} />
                  {event.requestId ? <p className="muted flush note">Request {event.requestId}</p> : null}
                </td>
              </tr>
            ) : null}
          </Fragment>
        );
      })}
    </ListTable>
  );
}
