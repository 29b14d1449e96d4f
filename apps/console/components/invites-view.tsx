"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Invite, ListInvitesOptions } from "@steward/client";
import { useConsole } from "./console-context";
import { InviteCreate } from "./invite-create";
import { InviteEmail, InviteMailQueued } from "./invite-email";
import { InviteLink } from "./invite-link";
import { INVITE_COLUMNS, InviteRow } from "./invite-row";
import { MailIcon, PlusIcon } from "./icons";
import { ChoiceSelect, Confirm, ListHeader, ListTable, Pager, WriteOutcome } from "./ui";
import { countOf } from "@/lib/format";
import { KIND_LABELS, inviteTarget } from "@/lib/invites";
import { useCursorPages } from "@/lib/paging";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";
import { choiceOf } from "@/lib/url-filters";

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
  return choiceOf(STATES, params.get("state"), "pending");
}

/**
 * Invites (`invites:read`), pending ones first: a state filter in the URL;
 * with invites:manage, a new invite (its link shown), one sent by email,
 * a pending one's link shown again, and revocation after a confirmation.
 */
export function InvitesView() {
  const { client, me, setCrumb } = useConsole();
  const router = useRouter();
  const params = useSearchParams();
  const state = useMemo(() => readState(new URLSearchParams(params.toString())), [params]);
  const paging = useCursorPages(state);
  // The open form: a new invite with its link shown, or an invite sent by email.
  const [form, setForm] = useState<"create" | "email" | null>(null);
  const [mailedTo, setMailedTo] = useState<string | null>(null);
  const [shown, setShown] = useState<{ invite: Invite; fresh: boolean } | null>(null);
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const revocation = useAction();
  // Lists carry no tokens: "Show link" reads the one invite (the API shows its link to whoever could make it, and audits that).
  const opening = useAction();
  const showLink = (invite: Invite) =>
    opening.run(async () => {
      setNotice(null);
      setMailedTo(null);
      setShown({ invite: await client.invites.get(invite.id), fresh: false });
    }, invite.id);
  const { busy, notice, setNotice } = revocation;
  // Making, mailing and revoking invites, and reading a link again, are for invites:manage.
  const mayManage = can(me, "invites.manage");

  const { page, loading, error, reload } = usePage(
    () => client.invites.list({ state, limit: LIMIT, cursor: paging.cursor }),
    [client, state, paging.cursor],
  );

  useEffect(() => setCrumb(null), [setCrumb]);

  const setState = useCallback(
    (value: StateFilter) => router.replace(value === "pending" ? "/invites" : `/invites?state=${value}`, { scroll: false }),
    [router],
  );

  const openForm = (which: "create" | "email") => {
    setForm(which);
    setNotice(null);
    setMailedTo(null);
  };

  const refresh = () => {
    paging.reset();
    reload();
  };

  const revoke = (invite: Invite) =>
    revocation.run(async () => {
      await client.invites.revoke(invite.id);
      setRevoking(null);
      setNotice(`The ${KIND_LABELS[invite.kind].toLowerCase()} invite was revoked: its link no longer works.`);
      if (shown?.invite.id === invite.id) setShown(null);
      refresh();
    });

  const total = page?.total ?? 0;
  const stateLabel = state === "all" ? "" : `${state} `;
  return (
    <>
      <ListHeader
        title="Invites"
        total={page ? countOf(total, `${stateLabel}invite`) : null}
        totalTestId="invites-total"
        action={
          form || !mayManage ? null : (
            <div className="detail-actions">
              <button type="button" className="btn" onClick={() => openForm("email")}>
                <MailIcon />
                Send invite by email
              </button>
              <button type="button" className="btn btn-primary" onClick={() => openForm("create")}>
                <PlusIcon />
                New invite
              </button>
            </div>
          )
        }
      />

      <div className="stack space-below-lg">
        {form === "create" ? (
          <InviteCreate
            onCreated={(invite) => {
              setForm(null);
              setShown({ invite, fresh: true });
              refresh();
            }}
            onCancel={() => setForm(null)}
          />
        ) : null}
        {form === "email" ? (
          <InviteEmail
            onSent={(email) => {
              setForm(null);
              setMailedTo(email);
              refresh();
            }}
            onCancel={() => setForm(null)}
          />
        ) : null}
        {mailedTo ? <InviteMailQueued email={mailedTo} outboxLink={can(me, "mail.read")} /> : null}
        {shown ? <InviteLink invite={shown.invite} fresh={shown.fresh} onClose={() => setShown(null)} /> : null}
        {revoking ? (
          <Confirm
            testId="invite-confirm"
            title={`Revoke this ${KIND_LABELS[revoking.kind].toLowerCase()} invite?`}
            confirmLabel="Revoke invite"
            busyLabel="Revoking…"
            busy={busy}
            error={revocation.error}
            errorTitle="Invite not revoked"
            onConfirm={() => void revoke(revoking)}
            onCancel={() => setRevoking(null)}
          >
            {inviteTarget(revoking)}. Its link stops working at once; accounts already made with it stay.
          </Confirm>
        ) : null}
        <WriteOutcome notice={notice} noticeTestId="invites-notice" error={revoking ? null : revocation.error} errorTitle="Invite not revoked" />
        <WriteOutcome notice={null} error={opening.error} errorTitle="Invite not read" />
      </div>

      <section className="card" aria-label="Invites">
        <div className="toolbar">
          <ChoiceSelect id="invite-state" label="Show" labelShown value={state} choices={STATES} onChange={setState} />
        </div>
        <ListTable
          columns={INVITE_COLUMNS}
          actions={mayManage}
          page={page}
          loading={loading}
          loadError={{ title: "Could not load invites", message: error }}
          empty={
            <>
              <strong>{state === "all" ? "No invites yet" : `No ${state} invites`}</strong>
              {state === "pending" && mayManage ? "Make one with New invite." : "Choose another filter above."}
            </>
          }
        >
          {page?.data.map((invite) => (
            <InviteRow
              key={invite.id}
              invite={invite}
              actions={
                mayManage
                  ? {
                      opening: opening.running === invite.id,
                      busy,
                      onShowLink: (one) => void showLink(one),
                      onRevoke: (one) => {
                        setNotice(null);
                        setMailedTo(null);
                        setRevoking(one);
                      },
                    }
                  : undefined
              }
            />
          ))}
        </ListTable>
        <Pager paging={paging} page={page} limit={LIMIT} loading={loading} />
      </section>
    </>
  );
}
