"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { StewardError, type SessionWithUser } from "@steward/client";
import { useCan, useConsole } from "./console-context";
import { SessionCells } from "./session-cells";
import { ChoiceSelect, Confirm, ListHeader, ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { isUuid } from "@/lib/audit";
import { useDebouncedText } from "@/lib/debounced-text";
import { countOf, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { SESSION_SURFACES, describeSession } from "@/lib/sessions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";
import { choiceOf, pageSizeOf, searchOf, useUrlFilters } from "@/lib/url-filters";

const PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_LIMIT = 50;

interface Filters {
  /** A username or a user id. */
  user: string;
  surface: string;
  limit: number;
}

function readFilters(params: URLSearchParams): Filters {
  return {
    user: params.get("user") ?? "",
    surface: choiceOf(SESSION_SURFACES, params.get("surface"), ""),
    limit: pageSizeOf(PAGE_SIZES, params.get("limit"), DEFAULT_LIMIT),
  };
}

function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.user) params.set("user", filters.user);
  if (filters.surface) params.set("surface", filters.surface);
  if (filters.limit !== DEFAULT_LIMIT) params.set("limit", String(filters.limit));
  return searchOf(params);
}

/**
 * Who is signed in, across every user (`sessions:read`): live sessions,
 * newest sign-in first, filtered by user (a username or an id) and by the
 * surface signed in through; the filters live in the URL. With
 * `sessions:revoke`, each can be ended after a confirmation; the server
 * still refuses ending the session of someone who outranks the caller.
 */
export function SessionsView() {
  const { client, me, setCrumb } = useConsole();
  const { filters, filterKey, update } = useUrlFilters("/sessions", readFilters, filtersToSearch);
  const paging = useCursorPages(filterKey);
  useEffect(() => setCrumb(null), [setCrumb]);
  const can = useCan();
  const mayRevoke = can("sessions.revoke");
  const mayOpenUsers = can("users.read");
  const [userText, setUserText] = useDebouncedText(filters.user, useCallback((user: string) => update({ user }), [update]));

  const { page, loading, error, reload } = usePage(async () => {
    let userId: string | undefined;
    if (filters.user) {
      if (isUuid(filters.user)) userId = filters.user;
      else {
        try {
          userId = (await client.users.lookup({ username: filters.user })).id;
        } catch (err) {
          if (err instanceof StewardError && err.status === 404) throw new Error(`No user is named ${filters.user}: give a username or a user id.`);
          throw err;
        }
      }
    }
    return client.sessions.list({ userId, surface: filters.surface || undefined, limit: filters.limit, cursor: paging.cursor });
  }, [client, filterKey, paging.cursor]);

  const [pending, setPending] = useState<SessionWithUser | null>(null);
  const revocation = useAction();
  const { busy, notice, setNotice } = revocation;
  const mySession = me?.session?.id;

  const revoke = (session: SessionWithUser) =>
    revocation.run(async () => {
      await client.users.sessions.revoke(session.userId, session.id);
      setNotice(`Session of ${session.user.username} ended: ${describeSession(session)}.`);
      setPending(null);
      paging.reset();
      reload();
    });

  const hasFilters = Boolean(filters.user || filters.surface);

  return (
    <>
      <ListHeader
        title="Sessions"
        total={page ? countOf(page.total, "live session") : null}
        totalTestId="sessions-total"
        after={hasFilters ? (page?.total === 1 ? " matches these filters" : " match these filters") : " across every user"}
      />
      <section className="card" aria-label="Live sessions">
        <div className="toolbar filters" role="search">
          <div className="field">
            <label htmlFor="sessions-user">User</label>
            <input
              id="sessions-user"
              className="input"
              placeholder="Username or id"
              autoComplete="off"
              maxLength={64}
              value={userText}
              onChange={(e) => setUserText(e.target.value)}
            />
          </div>
          <div className="field">
            <ChoiceSelect id="sessions-surface" label="Surface" labelShown value={filters.surface} choices={SESSION_SURFACES} onChange={(surface) => update({ surface })} />
          </div>
          {hasFilters ? (
            <button type="button" className="btn btn-ghost" onClick={() => update({ user: "", surface: "" })}>
              Clear filters
            </button>
          ) : null}
        </div>
        {pending || notice || revocation.error ? (
          <div className="card-body stack">
            {pending ? (
              <Confirm
                testId="session-confirm"
                title={`End this session of ${pending.user.username}?`}
                confirmLabel="Revoke session"
                busyLabel="Ending…"
                busy={busy}
                error={revocation.error}
                errorTitle="Session not ended"
                onConfirm={() => void revoke(pending)}
                onCancel={() => setPending(null)}
              >
                {`${describeSession(pending)}, signed in ${formatDateTime(pending.createdAt)}. That device must sign in again.`}
                {pending.id === mySession ? " This is your own session: you will be signed out." : ""}
              </Confirm>
            ) : null}
            <WriteOutcome notice={notice} noticeTestId="sessions-notice" error={pending ? null : revocation.error} />
          </div>
        ) : null}
        <ListTable
          columns={["User", "Address", "Client", "Surface", "Signed in", "Last seen"]}
          actions={mayRevoke}
          page={page}
          loading={loading}
          loadError={{ title: "Could not load the sessions", message: error }}
          empty={
            <>
              <strong>{hasFilters ? "No live session matches these filters" : "Nobody is signed in"}</strong>
              {hasFilters ? "Clear the filters to see every session." : "Sessions appear here as people sign in."}
            </>
          }
        >
          {page?.data.map((session) => (
            <tr key={session.id} data-testid="session-row" className="static">
              <td className="nowrap">
                {mayOpenUsers ? <Link href={`/users/${session.userId}`}>{session.user.username}</Link> : session.user.username}
                {session.user.displayName ? <span className="faint space-left">{session.user.displayName}</span> : null}
                {session.id === mySession ? <span className="badge badge-primary space-left">This session</span> : null}
              </td>
              <td className="nowrap">
                <span className="mono">{session.ip ?? "—"}</span>
              </td>
              <SessionCells session={session} />
              {mayRevoke ? (
                <td className="cell-actions">
                  <RowRemoveButton
                    label="Revoke"
                    ariaLabel={`Revoke the session of ${session.user.username} from ${session.ip ?? "unknown address"}`}
                    disabled={busy}
                    onClick={() => {
                      setNotice(null);
                      revocation.setError(null);
                      setPending(session);
                    }}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </ListTable>
        <Pager
          paging={paging}
          page={page}
          limit={filters.limit}
          loading={loading}
          pageSize={{ id: "sessions-page-size", options: PAGE_SIZES, onChange: (limit) => update({ limit }) }}
        />
      </section>
    </>
  );
}
