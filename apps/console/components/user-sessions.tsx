"use client";

import { useEffect, useState } from "react";
import type { Page, Session } from "@steward/client";
import { useConsole } from "./console-context";
import { MonitorIcon, XIcon } from "./icons";
import { Alert, Confirm, Pager } from "./ui";
import { messageOf } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { rangeLabel, useCursorPages } from "@/lib/paging";

const LIMIT = 20;

type Pending = { kind: "one"; session: Session } | { kind: "all" };

function surfaceLabel(surface: string): string {
  return surface === "v1" ? "API v1" : surface;
}

/** Where a session signed in from, in a few words. */
function describe(session: Session): string {
  return [session.ip ?? "unknown address", session.userAgent ? `“${session.userAgent}”` : null].filter(Boolean).join(", ");
}

/**
 * A user's live sessions, newest first. Ending one makes its token stop
 * working at once; each ending asks first. `onChange` runs after any ending.
 */
export function UserSessions({ userId, username, onChange }: { userId: string; username: string; onChange?(): void }) {
  const { client, me } = useConsole();
  const paging = useCursorPages(userId);
  const [page, setPage] = useState<Page<Session> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const mySession = me?.session?.id;

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.users.sessions
      .list(userId, { limit: LIMIT, cursor: paging.cursor })
      .then((result) => {
        if (!live) return;
        setPage(result);
        setError(null);
      })
      .catch((err) => live && setError(messageOf(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [client, userId, paging.cursor, version]);

  async function revoke(what: Pending) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      if (what.kind === "one") {
        await client.users.sessions.revoke(userId, what.session.id);
        setNotice(`Session ended: ${describe(what.session)}.`);
      } else {
        const { revoked } = await client.users.sessions.revokeAll(userId);
        setNotice(`${revoked} ${revoked === 1 ? "session" : "sessions"} ended.`);
      }
      setPending(null);
      paging.reset();
      setVersion((v) => v + 1);
      onChange?.();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const total = page?.total ?? 0;
  const includesMine = (what: Pending) =>
    mySession !== undefined && (what.kind === "all" ? me?.user?.id === userId : what.session.id === mySession);

  return (
    <section className="card space-above-lg" aria-labelledby="sessions-title">
      <div className="card-header">
        <div>
          <h2 id="sessions-title">Sessions</h2>
          <p>
            <span data-testid="sessions-total">
              {page ? `${total.toLocaleString("en")} live ${total === 1 ? "session" : "sessions"}` : "\u00a0"}
            </span>
            {" · ending one signs that device out at once."}
          </p>
        </div>
        <button
          type="button"
          className="btn btn-danger btn-sm"
          disabled={busy || total === 0}
          onClick={() => setPending({ kind: "all" })}
        >
          Revoke all
        </button>
      </div>
      {pending || notice || error ? (
        <div className="card-body stack">
          {pending ? (
            <Confirm
              testId="session-confirm"
              title={pending.kind === "all" ? `End every session of ${username}?` : "End this session?"}
              confirmLabel={pending.kind === "all" ? "Revoke all sessions" : "Revoke session"}
              busyLabel="Ending…"
              busy={busy}
              onConfirm={() => void revoke(pending)}
              onCancel={() => setPending(null)}
            >
              {pending.kind === "all"
                ? `${username} is signed out everywhere and must sign in again.`
                : `${describe(pending.session)}, signed in ${formatDateTime(pending.session.createdAt)}. That device must sign in again.`}
              {includesMine(pending) ? " This includes your own session: you will be signed out." : ""}
            </Confirm>
          ) : null}
          {notice ? (
            <Alert tone="success" testId="sessions-notice">
              {notice}
            </Alert>
          ) : null}
          {error ? <Alert tone="error">{error}</Alert> : null}
        </div>
      ) : null}
      <div className={`loading-bar${loading ? " active" : ""}`} aria-hidden />
      <div className={`table-wrap${loading && page ? " is-loading" : ""}`} aria-busy={loading}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Client</th>
              <th scope="col">Surface</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page?.data.map((session) => (
              <tr key={session.id} data-testid="session-row" className="static">
                <td className="nowrap">
                  <span className="mono">{session.ip ?? "—"}</span>
                  {session.id === mySession ? <span className="badge badge-primary space-left">This session</span> : null}
                </td>
                <td className="cell-ua" title={session.userAgent ?? undefined}>
                  <MonitorIcon width={14} height={14} className="faint" />
                  {session.userAgent ?? <span className="faint">unknown</span>}
                </td>
                <td>
                  <span className="chip">{surfaceLabel(session.surface)}</span>
                </td>
                <td className="nowrap">{formatDateTime(session.createdAt)}</td>
                <td className="nowrap">{formatDateTime(session.lastSeenAt)}</td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    disabled={busy}
                    onClick={() => {
                      setNotice(null);
                      setPending({ kind: "one", session });
                    }}
                    aria-label={`Revoke session from ${session.ip ?? "unknown address"}`}
                  >
                    <XIcon />
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.data.length === 0 ? (
          <div className="empty">
            <strong>No live sessions</strong>
            {username} is not signed in anywhere.
          </div>
        ) : null}
      </div>
      {total > LIMIT || paging.pageIndex > 0 ? (
        <Pager
          label={page ? rangeLabel(paging.pageIndex, LIMIT, page.data.length, total) : "\u00a0"}
          pageIndex={paging.pageIndex}
          hasNext={Boolean(page?.nextCursor)}
          loading={loading}
          onPrevious={paging.previous}
          onNext={() => paging.next(page?.nextCursor)}
        />
      ) : null}
    </section>
  );
}
