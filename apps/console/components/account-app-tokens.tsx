"use client";

import { useState } from "react";
import type { AppToken } from "@steward/client";
import { useConsole } from "./console-context";
import { Confirm, ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { countOf, formatDate, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

const LIMIT = 25;

/**
 * Your apps' personal tokens, by app id: one per app, made when the app
 * first asks for it, reaching all your data. Revoking one (after a
 * confirmation) refuses the app at once; its next request gets a new token.
 */
export function AccountAppTokens() {
  const { client } = useConsole();
  const paging = useCursorPages("app-tokens");
  const { page, loading, error, reload } = usePage(() => client.account.appTokens.list({ limit: LIMIT, cursor: paging.cursor }), [client, paging.cursor]);
  const [revoking, setRevoking] = useState<AppToken | null>(null);
  const action = useAction();
  const { busy, notice, setNotice } = action;

  const revoke = (token: AppToken) =>
    action.run(async () => {
      await client.account.appTokens.revoke(token.id);
      setRevoking(null);
      setNotice(`The token of ${token.appId} was revoked: the app is refused until it asks for a new one.`);
      paging.reset();
      reload();
    }, token.id);

  return (
    <section className="card" aria-labelledby="app-tokens-title">
      <div className="card-header">
        <div>
          <h2 id="app-tokens-title">App tokens</h2>
          <p>
            <span data-testid="app-tokens-total">{page ? countOf(page.total, "app") : "\u00a0"}</span>
            {" · an app's personal token reaches all your data; the app asks for it when you use it."}
          </p>
        </div>
      </div>
      {revoking || notice || action.error ? (
        <div className="card-body stack">
          {revoking ? (
            <Confirm
              testId="app-token-confirm"
              title={`Revoke the token of ${revoking.appId}?`}
              confirmLabel="Revoke token"
              busyLabel="Revoking…"
              busy={busy}
              error={action.error}
              errorTitle="Token not revoked"
              onConfirm={() => void revoke(revoking)}
              onCancel={() => setRevoking(null)}
            >
              The app is refused at once; the next time it asks, it gets a new token.
            </Confirm>
          ) : null}
          <WriteOutcome notice={notice} noticeTestId="app-tokens-notice" error={revoking ? null : action.error} errorTitle="Token not revoked" />
        </div>
      ) : null}
      <ListTable
        columns={["App", "Created", "Last used"]}
        actions
        page={page}
        loading={loading}
        loadError={{ title: "Could not load your app tokens", message: error }}
        empty={
          <>
            <strong>No app tokens</strong>
            Apps you use get one when they first ask for access to your data.
          </>
        }
      >
        {page?.data.map((token) => (
          <tr key={token.id} data-testid="app-token-row" className="static">
            <td className="cell-strong mono">{token.appId}</td>
            <td className="nowrap" title={formatDateTime(token.createdAt)}>
              {formatDate(token.createdAt)}
            </td>
            <td className="nowrap">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <span className="muted">Never</span>}</td>
            <td className="cell-actions">
              <RowRemoveButton
                label="Revoke"
                ariaLabel={`Revoke the token of ${token.appId}`}
                disabled={busy}
                onClick={() => {
                  setNotice(null);
                  setRevoking(token);
                }}
              />
            </td>
          </tr>
        ))}
      </ListTable>
      <Pager paging={paging} page={page} limit={LIMIT} loading={loading} onlyWhenPaged />
    </section>
  );
}
