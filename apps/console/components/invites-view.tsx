"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Invite, ListInvitesOptions, Page } from "@steward/client";
import { useConsole } from "./console-context";
import { InviteCreate } from "./invite-create";
import { InviteLink } from "./invite-link";
import { InviteStateBadge } from "./invite-state";
import { PlusIcon, XIcon } from "./icons";
import { Alert, Confirm, Pager } from "./ui";
import { messageOf } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/format";
import { KIND_LABELS, inviteTarget, usesLabel } from "@/lib/invites";
import { rangeLabel, useCursorPages } from "@/lib/paging";

type StateFilter = NonNullable<ListInvitesOptions["state"]>;

const STATES: readonly { value: StateFilter; label: string }[] = [
  { value: "pending", label: "Pending" },
  { value: "all", label: "All invites" },
  { value: "used", label: "Used" },
  { value: "expired", label: "Expired" },
  { value: "revoked", label: "Revoked" },
];
const LIMIT = 25;

function readState(params: URLSearchParams): StateFilter {
  return STATES.find((s) => s.value === params.get("state"))?.value ?? "pending";
}

export function InvitesView() {
  const { client, setCrumb } = useConsole();
  const router = useRouter();
  const params = useSearchParams();
  const state = useMemo(() => readState(new URLSearchParams(params.toString())), [params]);
  const paging = useCursorPages(state);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ invite: Invite; fresh: boolean } | null>(null);
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const [page, setPage] = useState<Page<Invite> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setCrumb(null), [setCrumb]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.invites
      .list({ state, limit: LIMIT, cursor: paging.cursor })
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
  }, [client, state, paging.cursor, version]);

  const setState = useCallback(
    (value: StateFilter) => router.replace(value === "pending" ? "/invites" : `/invites?state=${value}`, { scroll: false }),
    [router],
  );

  const refresh = () => {
    paging.reset();
    setVersion((v) => v + 1);
  };

  async function revoke(invite: Invite) {
    setBusy(true);
    setActionError(null);
    try {
      await client.invites.revoke(invite.id);
      setRevoking(null);
      setNotice(`The ${KIND_LABELS[invite.kind].toLowerCase()} invite was revoked: its link no longer works.`);
      if (shown?.invite.id === invite.id) setShown(null);
      refresh();
    } catch (err) {
      setActionError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const total = page?.total ?? 0;
  const stateLabel = state === "all" ? "" : ` ${state}`;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Invites</h1>
          <p aria-live="polite" data-testid="invites-total">
            {page ? `${total.toLocaleString("en")}${stateLabel} ${total === 1 ? "invite" : "invites"}` : "\u00a0"}
          </p>
        </div>
        {creating ? null : (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setCreating(true);
              setNotice(null);
            }}
          >
            <PlusIcon />
            New invite
          </button>
        )}
      </div>

      <div className="stack space-below-lg">
        {creating ? (
          <InviteCreate
            onCreated={(invite) => {
              setCreating(false);
              setShown({ invite, fresh: true });
              refresh();
            }}
            onCancel={() => setCreating(false)}
          />
        ) : null}
        {shown ? <InviteLink invite={shown.invite} fresh={shown.fresh} onClose={() => setShown(null)} /> : null}
        {revoking ? (
          <Confirm
            testId="invite-confirm"
            title={`Revoke this ${KIND_LABELS[revoking.kind].toLowerCase()} invite?`}
            confirmLabel="Revoke invite"
            busyLabel="Revoking…"
            busy={busy}
            onConfirm={() => void revoke(revoking)}
            onCancel={() => setRevoking(null)}
          >
            {inviteTarget(revoking)}. Its link stops working at once; accounts already made with it stay.
          </Confirm>
        ) : null}
        {notice ? <Alert tone="success" testId="invites-notice">{notice}</Alert> : null}
        {actionError ? <Alert tone="error" title="Invite not revoked">{actionError}</Alert> : null}
      </div>

      <section className="card" aria-label="Invites">
        <div className="toolbar">
          <label className="muted" htmlFor="invite-state">
            Show
          </label>
          <select id="invite-state" className="select" value={state} onChange={(e) => setState(e.target.value as StateFilter)}>
            {STATES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className={`loading-bar${loading ? " active" : ""}`} aria-hidden />
        {error ? (
          <div className="pad">
            <Alert tone="error" title="Could not load invites">
              {error}
            </Alert>
          </div>
        ) : null}
        <div className={`table-wrap${loading && page ? " is-loading" : ""}`} aria-busy={loading}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">For</th>
                <th scope="col">State</th>
                <th scope="col">Uses</th>
                <th scope="col">Expires</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page?.data.map((invite) => (
                <tr key={invite.id} data-testid="invite-row" className="static">
                  <td className="nowrap cell-strong">{KIND_LABELS[invite.kind]}</td>
                  <td>{inviteTarget(invite)}</td>
                  <td>
                    <InviteStateBadge state={invite.state} />
                  </td>
                  <td className="nowrap">{usesLabel(invite)}</td>
                  <td className="nowrap" title={invite.expiresAt ? formatDateTime(invite.expiresAt) : undefined}>
                    {invite.expiresAt ? formatDateTime(invite.expiresAt) : <span className="muted">When revoked</span>}
                  </td>
                  <td className="nowrap" title={formatDateTime(invite.createdAt)}>
                    {formatDate(invite.createdAt)}
                    {invite.inviter ? <span className="sub">by {invite.inviter.username}</span> : null}
                  </td>
                  <td className="cell-actions">
                    {invite.state === "pending" ? (
                      <>
                        <button
                          type="button"
                          className="btn btn-ghost btn-sm"
                          disabled={!invite.link}
                          onClick={() => setShown({ invite, fresh: false })}
                        >
                          Show link
                        </button>
                        <button
                          type="button"
                          className="btn btn-ghost btn-sm"
                          disabled={busy}
                          onClick={() => {
                            setNotice(null);
                            setRevoking(invite);
                          }}
                          aria-label={`Revoke ${KIND_LABELS[invite.kind].toLowerCase()} invite: ${inviteTarget(invite)}`}
                        >
                          <XIcon />
                          Revoke
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page && page.data.length === 0 ? (
            <div className="empty">
              <strong>{state === "all" ? "No invites yet" : `No ${state} invites`}</strong>
              {state === "pending" ? "Make one with New invite." : "Choose another filter above."}
            </div>
          ) : null}
        </div>
        <Pager
          label={page ? rangeLabel(paging.pageIndex, LIMIT, page.data.length, total) : "\u00a0"}
          pageIndex={paging.pageIndex}
          hasNext={Boolean(page?.nextCursor)}
          loading={loading}
          onPrevious={paging.previous}
          onNext={() => paging.next(page?.nextCursor)}
        />
      </section>
    </>
  );
}
