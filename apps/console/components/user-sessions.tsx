"use client";

import { useState } from "react";
import type { Session } from "@steward/client";
import { useCan, useConsole } from "./console-context";
import { SessionCells } from "./session-cells";
import { Confirm, ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { countOf, formatDateTime } from "@/lib/format";
import { describeSession as describe } from "@/lib/sessions";
import { useCursorPages } from "@/lib/paging";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

const LIMIT = 20;

type Pending = { kind: "one"; session: Session } | { kind: "all" };

/**
 * A user's live sessions, newest first. Ending one makes its token stop
 * working at once; each ending asks first. `onChange` runs after any ending.
 * `own`: the signed-in account's own sessions, through its self-service
 * routes (no operator permission), where "all" means all but this one.
 */
export function UserSessions({ userId, username, onChange, own = false }: { userId: string; username: string; onChange?(): void; own?: boolean }) {
  const { client, me } = useConsole();
  const paging = useCursorPages(userId);
  const { page, loading, error, reload } = usePage(
    () => (own ? client.account.sessions : { list: (query: { limit: number; cursor?: string }) => client.users.sessions.list(userId, query) }).list({ limit: LIMIT, cursor: paging.cursor }),
    [client, userId, own, paging.cursor],
  );
  const [pending, setPending] = useState<Pending | null>(null);
  const revocation = useAction();
  const { busy, notice, setNotice } = revocation;
  const mySession = me?.session?.id;
  // One's own sessions need no permission; anyone else's need sessions:revoke to end.
  const mayRevoke = useCan()("sessions.revoke") || own;

  const revoke = (what: Pending) =>
    revocation.run(async () => {
      let message: string;
      if (what.kind === "one") {
        await (own ? client.account.sessions.revoke(what.session.id) : client.users.sessions.revoke(userId, what.session.id));
        message = `Session ended: ${describe(what.session)}.`;
      } else {
        const { revoked } = await (own ? client.account.sessions.revokeOthers() : client.users.sessions.revokeAll(userId));
        message = `${countOf(revoked, "session")} ended.`;
      }
      setNotice(message);
      setPending(null);
      paging.reset();
      reload();
      onChange?.();
    });

  const shownError = pending ? error : (revocation.error ?? error);
  const total = page?.total ?? 0;
  const includesMine = (what: Pending) =>
    mySession !== undefined && (what.kind === "all" ? !own && me?.user?.id === userId : what.session.id === mySession);

  return (
    <section className="card space-above-lg" aria-labelledby="sessions-title">
      <div className="card-header">
        <div>
          <h2 id="sessions-title">Sessions</h2>
          <p>
            <span data-testid="sessions-total">{page ? countOf(total, "live session") : "\u00a0"}</span>
            {" · ending one signs that device out at once."}
          </p>
        </div>
        {mayRevoke ? (
          <button
            type="button"
            className="btn btn-danger btn-sm"
            disabled={busy || total <= (own ? 1 : 0)}
            onClick={() => setPending({ kind: "all" })}
          >
            {own ? "Sign out other sessions" : "Revoke all"}
          </button>
        ) : null}
      </div>
      {pending || notice || shownError ? (
        <div className="card-body stack">
          {pending ? (
            <Confirm
              testId="session-confirm"
              title={pending.kind === "all" ? (own ? "End every other session of yours?" : `End every session of ${username}?`) : "End this session?"}
              confirmLabel={pending.kind === "all" ? (own ? "Sign out other sessions" : "Revoke all sessions") : "Revoke session"}
              busyLabel="Ending…"
              busy={busy}
              error={revocation.error}
              errorTitle="Session not ended"
              onConfirm={() => void revoke(pending)}
              onCancel={() => setPending(null)}
            >
              {pending.kind === "all"
                ? own
                  ? "Every other device signed in as you must sign in again; this one stays signed in."
                  : `${username} is signed out everywhere and must sign in again.`
                : `${describe(pending.session)}, signed in ${formatDateTime(pending.session.createdAt)}. That device must sign in again.`}
              {includesMine(pending) ? " This includes your own session: you will be signed out." : ""}
            </Confirm>
          ) : null}
          <WriteOutcome notice={notice} noticeTestId="sessions-notice" error={shownError} />
        </div>
      ) : null}
      <ListTable
        columns={["Address", "Client", "Surface", "Signed in", "Last seen"]}
        actions={mayRevoke}
        page={page}
        loading={loading}
        empty={
          <>
            <strong>No live sessions</strong>
            {username} is not signed in anywhere.
          </>
        }
      >
        {page?.data.map((session) => (
          <tr key={session.id} data-testid="session-row" className="static">
            <td className="nowrap">
              <span className="mono">{session.ip ?? "—"}</span>
              {session.id === mySession ? <span className="badge badge-primary space-left">This session</span> : null}
            </td>
            <SessionCells session={session} />
            {mayRevoke ? (
              <td className="cell-actions">
                <RowRemoveButton
                  label="Revoke"
                  ariaLabel={`Revoke session from ${session.ip ?? "unknown address"}`}
                  disabled={busy}
                  onClick={() => {
                    setNotice(null);
                    setPending({ kind: "one", session });
                  }}
                />
              </td>
            ) : null}
          </tr>
        ))}
      </ListTable>
      <Pager paging={paging} page={page} limit={LIMIT} loading={loading} onlyWhenPaged />
    </section>
  );
}
