"use client";

import { useState } from "react";
import type { CreatedSharedAccessToken, SharedAccessToken } from "@steward/client";
import { useConsole } from "./console-context";
import { PencilIcon, PlusIcon } from "./icons";
import { SharedTokenForm } from "./shared-token-form";
import { SharedTokenSecret } from "./shared-token-secret";
import { TokenPermissionChips } from "./token-permission-chips";
import { Confirm, ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { everyOf } from "@/lib/account-space";
import { countOf, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

const LIMIT = 25;

/**
 * Your shared access tokens, by name: what each grants (a level per
 * channel), its expiry and last use. New ones show their secret once;
 * editing changes the name, permissions or expiry; deleting asks first.
 */
export function AccountSharedTokens() {
  const { client } = useConsole();
  const paging = useCursorPages("shared-tokens");
  const { page, loading, error, reload } = usePage(
    () => client.account.accessTokens.list({ limit: LIMIT, cursor: paging.cursor }),
    [client, paging.cursor],
  );
  // Every channel (trash too) for the permissions editor: at most a thousand, read whole.
  const channels = usePage(() => everyOf(client.account.channels.iterate({ state: "all", limit: 200 })), [client]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<SharedAccessToken | null>(null);
  const [created, setCreated] = useState<CreatedSharedAccessToken | null>(null);
  const [deleting, setDeleting] = useState<SharedAccessToken | null>(null);
  const action = useAction();
  const { busy, notice, setNotice } = action;

  const refresh = () => {
    paging.reset();
    reload();
  };
  const closeAll = () => {
    setCreating(false);
    setEditing(null);
    setDeleting(null);
    setNotice(null);
    action.setError(null);
  };

  const remove = (token: SharedAccessToken) =>
    action.run(async () => {
      await client.account.accessTokens.delete(token.id);
      setDeleting(null);
      if (created?.id === token.id) setCreated(null);
      setNotice(`The token ${token.name} was deleted: it stops working at once.`);
      refresh();
    }, token.id);

  const header = (
    <div className="card-header">
      <div>
        <h2 id="shared-tokens-title">Shared tokens</h2>
        <p>
          <span data-testid="shared-tokens-total">{page ? countOf(page.total, "shared token") : "\u00a0"}</span>
          {" · each reaches some of your channels, at a level you choose."}
        </p>
      </div>
      {creating || editing ? null : (
        <button
          type="button"
          className="btn btn-primary btn-sm"
          disabled={!channels.page}
          onClick={() => {
            closeAll();
            setCreated(null);
            setCreating(true);
          }}
        >
          <PlusIcon />
          New shared token
        </button>
      )}
    </div>
  );

  return (
    <>
      {channels.error ? <WriteOutcome notice={null} error={channels.error} errorTitle="Could not load your channels" /> : null}
      {creating || editing ? (
        <SharedTokenForm
          key={editing?.id ?? "new"}
          token={editing ?? undefined}
          channels={channels.page}
          onCreated={(token) => {
            setCreating(false);
            setCreated(token);
            refresh();
          }}
          onSaved={(token) => {
            setEditing(null);
            setNotice(`The token ${token.name} was saved.`);
            refresh();
          }}
          onCancel={() => {
            setCreating(false);
            setEditing(null);
          }}
        />
      ) : null}
      {created ? <SharedTokenSecret token={created} onClose={() => setCreated(null)} /> : null}
      {deleting ? (
        <Confirm
          testId="shared-token-confirm"
          title={`Delete the token ${deleting.name}?`}
          confirmLabel="Delete token"
          busyLabel="Deleting…"
          busy={busy}
          error={action.error}
          errorTitle="Token not deleted"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          Whoever holds it is refused at once. This cannot be undone.
        </Confirm>
      ) : null}
      <WriteOutcome notice={notice} noticeTestId="shared-tokens-notice" error={deleting ? null : action.error} errorTitle="Token not deleted" />
      <section className="card" aria-labelledby="shared-tokens-title">
        {header}
        <ListTable
          columns={["Name", "Permissions", "Expires", "Last used"]}
          actions
          page={page}
          loading={loading}
          loadError={{ title: "Could not load your shared tokens", message: error }}
          empty={
            <>
              <strong>No shared tokens</strong>
              Make one with New shared token to let someone reach some of your channels.
            </>
          }
        >
          {page?.data.map((token) => (
            <tr key={token.id} data-testid="shared-token-row" className="static">
              <td className="cell-strong">{token.name}</td>
              <td>
                <TokenPermissionChips permissions={token.permissions} />
              </td>
              <td className="nowrap">
                {token.expiresAt ? formatDateTime(token.expiresAt) : <span className="muted">Never</span>}
                {token.expired ? <span className="badge badge-outline space-left">Expired</span> : null}
              </td>
              <td className="nowrap">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <span className="muted">Never</span>}</td>
              <td className="cell-actions">
                <button
                  type="button"
                  className="btn btn-ghost btn-sm"
                  disabled={busy || !channels.page}
                  aria-label={`Edit the token ${token.name}`}
                  onClick={() => {
                    closeAll();
                    setEditing(token);
                  }}
                >
                  <PencilIcon />
                  Edit
                </button>
                <RowRemoveButton
                  label="Delete"
                  ariaLabel={`Delete the token ${token.name}`}
                  disabled={busy}
                  onClick={() => {
                    closeAll();
                    setDeleting(token);
                  }}
                />
              </td>
            </tr>
          ))}
        </ListTable>
        <Pager paging={paging} page={page} limit={LIMIT} loading={loading} onlyWhenPaged />
      </section>
    </>
  );
}
