"use client";

import { Fragment, useEffect, useState } from "react";
import type { ListOutboxOptions, OutboxMessage } from "@steward/client";
import { useConsole } from "./console-context";
import { Alert, ChoiceSelect, ListHeader, ListTable, Pager, WriteOutcome } from "./ui";
import { countOf, formatDate, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";
import { choiceOf, searchOf, useUrlFilters } from "@/lib/url-filters";

type Status = OutboxMessage["status"];
type StatusFilter = Status | "";

const STATUSES: readonly { value: StatusFilter; label: string }[] = [
  { value: "", label: "All mail" },
  { value: "pending", label: "Pending" },
  { value: "sent", label: "Sent" },
  { value: "failed", label: "Failed" },
];
const STATUS_BADGES: Record<Status, { label: string; tone: string }> = {
  pending: { label: "Pending", tone: "badge-outline" },
  sent: { label: "Sent", tone: "badge-success" },
  failed: { label: "Failed", tone: "badge-danger" },
};
const KIND_LABELS: Record<OutboxMessage["kind"], string> = {
  invite: "Invite",
  password_reset: "Password reset",
  account_setup: "Account setup",
};
const COLUMNS = ["Status", "To", "Subject", "Attempts", "Last error", "Queued"];
const LIMIT = 25;

interface Filters {
  status: StatusFilter;
}

function readFilters(params: URLSearchParams): Filters {
  return { status: choiceOf(STATUSES, params.get("status"), "") };
}

function filtersToSearch(filters: Filters): string {
  return searchOf(new URLSearchParams(filters.status ? { status: filters.status } : {}));
}

/** When a message left, or when it is tried next. */
function deliveryOf(message: OutboxMessage): string | null {
  if (message.sentAt) return `sent ${formatDateTime(message.sentAt)}`;
  if (message.nextAttemptAt && message.attempts > 0) return `next try ${formatDateTime(message.nextAttemptAt)}`;
  return null;
}

/** Why a message's body is not shown, in words (the API's `bodyHidden`). */
const BODY_HIDDEN: Record<NonNullable<OutboxMessage["bodyHidden"]>, string> = {
  list: "Lists carry no bodies.",
  not_permitted: "This mail carries a link you could not make yourself (for a reset: users:update and every permission of its account), so it is not shown to you.",
  unreadable: "This mail can no longer be read: the server's secret key was replaced.",
};

/**
 * The mail outbox, newest first, by status. Operators holding `mail:manage`
 * may read a message, one at a time (it carries an invite's link: the API
 * shows it only to whoever could make that invite, and audits each reading;
 * without an SMTP server mail waits here, to be forwarded by hand) and
 * retry a failed one.
 */
export function OutboxView() {
  const { client, me, setCrumb } = useConsole();
  const { filters, filterKey, update } = useUrlFilters("/outbox", readFilters, filtersToSearch);
  const paging = useCursorPages(filterKey);
  // The message read in full (with its body, or why not), by id.
  const [opened, setOpened] = useState<OutboxMessage | null>(null);
  const reading = useAction();
  const retrying = useAction();
  const mayManage = can(me, "mail.manage");

  useEffect(() => setCrumb(null), [setCrumb]);

  const query: ListOutboxOptions = { status: filters.status || undefined, limit: LIMIT, cursor: paging.cursor };
  // filterKey stands for `filters`.
  const { page, loading, error, reload } = usePage(() => client.outbox.list(query), [client, filterKey, paging.cursor]);

  const read = (message: OutboxMessage) => reading.run(async () => setOpened(await client.outbox.get(message.id)), message.id);

  const retry = (message: OutboxMessage) =>
    retrying.run(async () => {
      await client.outbox.retry(message.id);
      retrying.setNotice(`The mail to ${message.to} is pending again; its attempts start over.`);
      reload();
    }, message.id);

  const total = page?.total ?? 0;
  return (
    <>
      <ListHeader
        title="Outbox"
        total={page ? countOf(total, filters.status ? `${filters.status} message` : "message") : null}
        totalTestId="outbox-total"
        after=" · invites and password resets sent by email"
      />

      <div className="stack space-below-lg">
        <Alert tone="info">
          Mail leaves in the background once the API has an SMTP server (<span className="mono">SMTP_URL</span>); without
          one it stays pending here, to be read and forwarded by hand. A send that keeps failing is given up as failed:
          Retry puts it back in line.
        </Alert>
        <WriteOutcome notice={retrying.notice} noticeTestId="outbox-notice" error={retrying.error} errorTitle="Mail not retried" />
        <WriteOutcome notice={null} error={reading.error} errorTitle="Mail not read" />
      </div>

      <section className="card" aria-label="Outbox">
        <div className="toolbar">
          <ChoiceSelect
            id="outbox-status"
            label="Show"
            labelShown
            value={filters.status}
            choices={STATUSES}
            onChange={(status) => update({ status })}
          />
        </div>
        <ListTable
          columns={COLUMNS}
          actions
          page={page}
          loading={loading}
          loadError={{ title: "Could not load the outbox", message: error }}
          empty={
            <>
              <strong>{filters.status ? `No ${filters.status} mail` : "No mail yet"}</strong>
              {filters.status ? "Choose another status above." : "Invites and password resets sent by email appear here."}
            </>
          }
        >
          {page?.data.map((message) => {
            const badge = STATUS_BADGES[message.status];
            const delivery = deliveryOf(message);
            const open = opened?.id === message.id;
            return (
              <Fragment key={message.id}>
                <tr data-testid="outbox-row" className="static">
                  <td>
                    <span className={`badge badge-dot ${badge.tone}`}>{badge.label}</span>
                  </td>
                  <td className="cell-strong">{message.to}</td>
                  <td>
                    {message.subject}
                    <span className="sub">{KIND_LABELS[message.kind]}</span>
                  </td>
                  <td>{message.attempts}</td>
                  <td className="cell-error">{message.lastError ?? <span className="faint">—</span>}</td>
                  <td className="nowrap" title={formatDateTime(message.createdAt)}>
                    {formatDate(message.createdAt)}
                    {delivery ? <span className="sub">{delivery}</span> : null}
                  </td>
                  <td className="cell-actions">
                    {mayManage ? (
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        aria-expanded={open}
                        disabled={reading.running === message.id}
                        onClick={() => (open ? setOpened(null) : void read(message))}
                      >
                        {open ? "Hide message" : reading.running === message.id ? "Opening…" : "Show message"}
                      </button>
                    ) : null}
                    {message.status === "failed" && mayManage ? (
                      <button
                        type="button"
                        className="btn btn-sm"
                        disabled={retrying.busy}
                        aria-label={`Retry the mail to ${message.to}`}
                        onClick={() => void retry(message)}
                      >
                        {retrying.running === message.id ? "Retrying…" : "Retry"}
                      </button>
                    ) : null}
                  </td>
                </tr>
                {open ? (
                  <tr className="static">
                    <td colSpan={COLUMNS.length + 1}>
                      {opened.body ? (
                        <pre className="mail-body" data-testid="outbox-body">
                          {opened.body.text}
                        </pre>
                      ) : (
                        <Alert tone="warning" testId="outbox-body-hidden">
                          {BODY_HIDDEN[opened.bodyHidden ?? "not_permitted"]}
                        </Alert>
                      )}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </ListTable>
        <Pager paging={paging} page={page} limit={LIMIT} loading={loading} />
      </section>
    </>
  );
}
