"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { ApiKey, CreatedApiKey } from "@steward/client";
import { useConsole } from "./console-context";
import { ApiKeyCreate } from "./api-key-create";
import { ApiKeySecret } from "./api-key-secret";
import { PlusIcon } from "./icons";
import { ChoiceSelect, Confirm, ListHeader, ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { STATE_LABELS, compactPermissions, keyStateOf, presetOf, type KeyState } from "@/lib/api-keys";
import { countOf, formatDate, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";
import { choiceOf, searchOf, useUrlFilters } from "@/lib/url-filters";

type Shown = "" | "all";

const SHOWN: readonly { value: Shown; label: string }[] = [
  { value: "", label: "Active and expired" },
  { value: "all", label: "All keys, revoked too" },
];
const STATE_TONES: Record<KeyState, string> = {
  active: "badge-success",
  expired: "badge-outline",
  revoked: "badge-danger",
};
const COLUMNS = ["Name", "Permissions", "Created", "Expires", "Last used", "State"];
const LIMIT = 25;

interface Filters {
  shown: Shown;
}

function readFilters(params: URLSearchParams): Filters {
  return { shown: choiceOf(SHOWN, params.get("show"), "") };
}

function filtersToSearch(filters: Filters): string {
  return searchOf(new URLSearchParams(filters.shown ? { show: filters.shown } : {}));
}

/**
 * API keys, newest first: what each may do, who made it, when it was last
 * used and from where. New keys (the secret shown once) with
 * `api-keys:create`; revoking, after a confirmation, with `api-keys:revoke`.
 */
export function ApiKeysView() {
  const { client, me, setCrumb } = useConsole();
  const { filters, filterKey, update } = useUrlFilters("/api-keys", readFilters, filtersToSearch);
  const paging = useCursorPages(filterKey);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revocation = useAction();
  const { busy, notice, setNotice } = revocation;
  const mayCreate = can(me, "apiKeys.create");
  const mayRevoke = can(me, "apiKeys.revoke");

  useEffect(() => setCrumb(null), [setCrumb]);

  // filterKey stands for `filters`.
  const { page, loading, error, reload } = usePage(
    () => client.apiKeys.list({ includeRevoked: filters.shown === "all", limit: LIMIT, cursor: paging.cursor }),
    [client, filterKey, paging.cursor],
  );

  const refresh = () => {
    paging.reset();
    reload();
  };

  const revoke = (key: ApiKey) =>
    revocation.run(async () => {
      await client.apiKeys.revoke(key.id);
      setRevoking(null);
      setNotice(`The key ${key.name} was revoked: requests with it are refused from now on.`);
      if (created?.id === key.id) setCreated(null);
      refresh();
    });

  return (
    <>
      <ListHeader
        title="API keys"
        total={page ? countOf(page.total, filters.shown ? "key" : "key in use", filters.shown ? "keys" : "keys in use") : null}
        totalTestId="api-keys-total"
        after=" · for programs that call Steward's APIs"
        action={
          mayCreate && !creating ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setCreating(true);
                setCreated(null);
                setNotice(null);
              }}
            >
              <PlusIcon />
              New API key
            </button>
          ) : null
        }
      />

      <div className="stack space-below-lg">
        {creating ? (
          <ApiKeyCreate
            onCreated={(key) => {
              setCreating(false);
              setCreated(key);
              refresh();
            }}
            onCancel={() => setCreating(false)}
          />
        ) : null}
        {created ? <ApiKeySecret apiKey={created} onClose={() => setCreated(null)} /> : null}
        {revoking ? (
          <Confirm
            testId="api-key-confirm"
            title={`Revoke the key ${revoking.name}?`}
            confirmLabel="Revoke key"
            busyLabel="Revoking…"
            busy={busy}
            error={revocation.error}
            errorTitle="Key not revoked"
            onConfirm={() => void revoke(revoking)}
            onCancel={() => setRevoking(null)}
          >
            Whatever uses it ({revoking.prefix}…) is refused at once, and so are keys made with it. This cannot be undone.
          </Confirm>
        ) : null}
        <WriteOutcome notice={notice} noticeTestId="api-keys-notice" error={revoking ? null : revocation.error} errorTitle="Key not revoked" />
      </div>

      <section className="card" aria-label="API keys">
        <div className="toolbar">
          <ChoiceSelect
            id="api-keys-shown"
            label="Show"
            labelShown
            value={filters.shown}
            choices={SHOWN}
            onChange={(shown) => update({ shown })}
          />
        </div>
        <ListTable
          columns={COLUMNS}
          actions={mayRevoke}
          page={page}
          loading={loading}
          loadError={{ title: "Could not load API keys", message: error }}
          empty={
            <>
              <strong>{filters.shown ? "No API keys yet" : "No API keys in use"}</strong>
              {mayCreate ? "Make one with New API key." : "An administrator can make keys here."}
            </>
          }
        >
          {page?.data.map((key) => {
            const state = keyStateOf(key);
            const preset = presetOf(key.permissions);
            return (
              <tr key={key.id} data-testid="api-key-row" className="static">
                <td className="cell-strong">
                  {key.name}
                  <span className="sub mono">{key.prefix}…</span>
                </td>
                <td className="cell-permissions" title={key.permissions.join(", ")}>
                  {compactPermissions(key.permissions)}
                  {preset ? <span className="sub">{preset.label}</span> : null}
                </td>
                <td className="nowrap" title={formatDateTime(key.createdAt)}>
                  {formatDate(key.createdAt)}
                  <span className="sub">
                    {key.createdBy ? (
                      <>
                        by <Link href={`/users/${key.createdBy.id}`}>{key.createdBy.username}</Link>
                      </>
                    ) : (
                      "by a deleted user"
                    )}
                  </span>
                </td>
                <td className="nowrap">{key.expiresAt ? formatDateTime(key.expiresAt) : <span className="muted">Never</span>}</td>
                <td className="nowrap" data-testid="api-key-last-used">
                  {key.lastUsedAt ? (
                    <>
                      {formatDateTime(key.lastUsedAt)}
                      <span className="sub mono">from {key.lastUsedIp ?? "an unknown address"}</span>
                    </>
                  ) : (
                    <span className="muted">Never</span>
                  )}
                </td>
                <td>
                  <span className={`badge badge-dot ${STATE_TONES[state]}`}>{STATE_LABELS[state]}</span>
                  {key.revokedAt ? <span className="sub">{formatDateTime(key.revokedAt)}</span> : null}
                </td>
                {mayRevoke ? (
                  <td className="cell-actions">
                    {state === "revoked" ? null : (
                      <RowRemoveButton
                        label="Revoke"
                        ariaLabel={`Revoke the key ${key.name}`}
                        disabled={busy}
                        onClick={() => {
                          setNotice(null);
                          setRevoking(key);
                        }}
                      />
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </ListTable>
        <Pager paging={paging} page={page} limit={LIMIT} loading={loading} />
      </section>
    </>
  );
}
