import type { Session } from "@steward/client";
import { MonitorIcon } from "./icons";
import { surfaceLabel } from "@/lib/audit";
import { formatDateTime } from "@/lib/format";

/** A session's client (and app), surface and times: the cells every table of sessions shows, in this order. */
export function SessionCells({ session }: { session: Session }) {
  return (
    <>
      <td className="cell-ua" title={session.userAgent ?? undefined}>
        <MonitorIcon width={14} height={14} className="faint" />
        {session.userAgent ?? <span className="faint">unknown</span>}
        {session.appId ? <span className="chip space-left">{session.appId}</span> : null}
      </td>
      <td>
        <span className="chip">{surfaceLabel(session.surface)}</span>
      </td>
      <td className="nowrap">{formatDateTime(session.createdAt)}</td>
      <td className="nowrap">{formatDateTime(session.lastSeenAt)}</td>
    </>
  );
}
