"use client";

import { useState } from "react";
import type { Channel, DeletedChannel } from "@steward/client";
import { useConsole } from "./console-context";
import { AccountHeader } from "./account-nav";
import { ChannelForm } from "./channel-form";
import { PencilIcon, PlusIcon } from "./icons";
import { Confirm, ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { countOf, formatDate, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";
import { choiceOf, searchOf, useUrlFilters } from "@/lib/url-filters";

type Shown = "active" | "trash";

const SHOWN: readonly { value: Shown; label: string }[] = [
  { value: "active", label: "Active" },
  { value: "trash", label: "Trash" },
];
const LIMIT = 25;

const readFilters = (params: URLSearchParams) => ({ shown: choiceOf(SHOWN, params.get("show"), "active") });
const filtersToSearch = (filters: { shown: Shown }) => searchOf(new URLSearchParams(filters.shown === "trash" ? { show: "trash" } : {}));

/** A channel's colour as a small square (an SVG fill: no inline style for the CSP to weigh). */
export function ChannelSwatch({ color }: { color: string | null }) {
  if (!color) return <span className="muted">—</span>;
  return (
    <span className="swatch">
      <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden>
        <rect width="14" height="14" rx="3" fill={color} />
      </svg>
      <span className="mono">{color}</span>
    </span>
  );
}

/**
 * Your channels, by name, in two views: Active and Trash. Deleting an
 * active channel moves it to the trash (its tokens' permissions on it grant
 * nothing meanwhile); there it can be restored, or deleted for good after a
 * confirmation that says the token permissions on it go too.
 */
export function AccountChannels() {
  const { client } = useConsole();
  const { filters, filterKey, update } = useUrlFilters("/account/channels", readFilters, filtersToSearch);
  const trash = filters.shown === "trash";
  const paging = useCursorPages(filterKey);
  const { page, loading, error, reload } = usePage(
    () => client.account.channels.list({ state: trash ? "trashed" : "default", limit: LIMIT, cursor: paging.cursor }),
    [client, filterKey, paging.cursor],
  );
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Channel | null>(null);
  const [deleting, setDeleting] = useState<Channel | null>(null);
  const action = useAction();
  const { busy, notice, setNotice } = action;

  const refresh = () => {
    paging.reset();
    reload();
  };
  const closeForms = () => {
    setCreating(false);
    setEditing(null);
    setDeleting(null);
    setNotice(null);
    action.setError(null);
  };

  const remove = (channel: Channel) =>
    action.run(async () => {
      const outcome: DeletedChannel = await client.account.channels.delete(channel.id);
      setDeleting(null);
      setNotice(
        outcome.outcome === "trashed"
          ? `${channel.name} moved to the trash: tokens' permissions on it grant nothing until you restore it.`
          : `${channel.name} deleted for good${outcome.tokenPermissionsRemoved ? `, with ${countOf(outcome.tokenPermissionsRemoved, "token permission")} on it` : ""}.`,
      );
      refresh();
    }, channel.id);

  const restore = (channel: Channel) =>
    action.run(async () => {
      await client.account.channels.restore(channel.id);
      setNotice(`${channel.name} restored: tokens' permissions on it apply again.`);
      refresh();
    }, channel.id);

  const total = page?.total ?? 0;
  return (
    <>
      <AccountHeader title="Channels" crumb="Channels">
        Named parts of your data. Your shared access tokens grant a level on some of them.
      </AccountHeader>
      <div className="stack">
        {creating || editing ? (
          <ChannelForm
            key={editing?.id ?? "new"}
            channel={editing ?? undefined}
            onSaved={(saved) => {
              setNotice(editing ? `Channel ${saved.name} saved.` : `Channel ${saved.name} created.`);
              setCreating(false);
              setEditing(null);
              refresh();
            }}
            onCancel={() => {
              setCreating(false);
              setEditing(null);
            }}
          />
        ) : null}
        {deleting ? (
          <Confirm
            testId="channel-confirm"
            title={`Delete ${deleting.name} for good?`}
            confirmLabel="Delete for good"
            busyLabel="Deleting…"
            busy={busy}
            error={action.error}
            errorTitle="Channel not changed"
            onConfirm={() => void remove(deleting)}
            onCancel={() => setDeleting(null)}
          >
            It cannot be restored afterwards, and every permission your shared tokens hold on it goes with it.
          </Confirm>
        ) : null}
        <WriteOutcome notice={notice} noticeTestId="channels-notice" error={deleting ? null : action.error} errorTitle="Channel not changed" />

        <section className="card" aria-labelledby="channels-title">
          <div className="card-header">
            <div>
              <h2 id="channels-title">{trash ? "Channels in the trash" : "Your channels"}</h2>
              <p>
                <span data-testid="channels-total">{page ? countOf(total, trash ? "channel in the trash" : "channel", trash ? "channels in the trash" : "channels") : "\u00a0"}</span>
              </p>
            </div>
            {creating || editing ? null : (
              <button
                type="button"
                className="btn btn-primary btn-sm"
                onClick={() => {
                  closeForms();
                  setCreating(true);
                }}
              >
                <PlusIcon />
                New channel
              </button>
            )}
          </div>
          <div className="toolbar">
            <div className="chips" role="group" aria-label="Show channels">
              {SHOWN.map((option) => (
                <button
                  key={option.value}
                  type="button"
                  className="btn btn-sm"
                  aria-pressed={filters.shown === option.value}
                  onClick={() => {
                    closeForms();
                    update({ shown: option.value });
                  }}
                >
                  {option.label}
                </button>
              ))}
            </div>
          </div>
          <ListTable
            columns={["Name", "Colour", "Client data", trash ? "In the trash since" : "Created"]}
            actions
            page={page}
            loading={loading}
            loadError={{ title: "Could not load your channels", message: error }}
            empty={
              trash ? (
                <>
                  <strong>The trash is empty</strong>
                  Channels you delete wait here until you restore them or delete them for good.
                </>
              ) : (
                <>
                  <strong>No channels yet</strong>
                  Make one with New channel.
                </>
              )
            }
          >
            {page?.data.map((channel) => (
              <tr key={channel.id} data-testid="channel-row" className="static">
                <td className="cell-strong">{channel.name}</td>
                <td className="nowrap">
                  <ChannelSwatch color={channel.color} />
                </td>
                <td className="mono cell-url" title={JSON.stringify(channel.clientData)}>
                  {Object.keys(channel.clientData).length ? JSON.stringify(channel.clientData) : <span className="muted">—</span>}
                </td>
                <td className="nowrap" title={formatDateTime(trash ? channel.trashedAt : channel.createdAt)}>
                  {formatDate(trash ? channel.trashedAt : channel.createdAt)}
                </td>
                <td className="cell-actions">
                  {trash ? (
                    <>
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        disabled={busy}
                        aria-label={`Restore ${channel.name}`}
                        onClick={() => {
                          closeForms();
                          void restore(channel);
                        }}
                      >
                        Restore
                      </button>
                      <RowRemoveButton
                        label="Delete for good"
                        ariaLabel={`Delete ${channel.name} for good`}
                        disabled={busy}
                        onClick={() => {
                          closeForms();
                          setDeleting(channel);
                        }}
                      />
                    </>
                  ) : (
                    <>
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        disabled={busy}
                        aria-label={`Edit ${channel.name}`}
                        onClick={() => {
                          closeForms();
                          setEditing(channel);
                        }}
                      >
                        <PencilIcon />
                        Edit
                      </button>
                      <RowRemoveButton
                        label="Delete"
                        ariaLabel={`Move ${channel.name} to the trash`}
                        disabled={busy}
                        onClick={() => {
                          closeForms();
                          void remove(channel);
                        }}
                      />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </ListTable>
          <Pager paging={paging} page={page} limit={LIMIT} loading={loading} onlyWhenPaged />
        </section>
      </div>
    </>
  );
}
