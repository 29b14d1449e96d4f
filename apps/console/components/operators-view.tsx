"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import type { Operator } from "@steward/client";
import { useConsole } from "./console-context";
import { PlusIcon } from "./icons";
import { OperatorCreate } from "./operator-create";
import { OwnPermissions } from "./own-permissions";
import { ListHeader, ListTable, Pager, SearchBox, WriteOutcome } from "./ui";
import { compactPermissions } from "@/lib/api-keys";
import { useDebouncedText } from "@/lib/debounced-text";
import { countOf } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { summarisePermissions } from "@/lib/permission-sets";
import { can } from "@/lib/permissions";
import { usePage } from "@/lib/use-page";
import { searchOf, useUrlFilters } from "@/lib/url-filters";

const COLUMNS = ["Operator", "Roles", "Own permissions", "Holds in all"];
const LIMIT = 25;

interface Filters {
  q: string;
}
const readFilters = (params: URLSearchParams): Filters => ({ q: params.get("q") ?? "" });
const filtersToSearch = (filters: Filters) => searchOf(new URLSearchParams(filters.q ? { q: filters.q } : {}));

/**
 * Operators: users holding permissions, through roles or their own, by
 * username. New operators with `operators:create`; a row's own permissions
 * are changed (with `users:manage-roles`) in their card above the list.
 */
export function OperatorsView() {
  const { client, me, setCrumb } = useConsole();
  const { filters, filterKey, update } = useUrlFilters("/operators", readFilters, filtersToSearch);
  const commitQ = useCallback((q: string) => update({ q }), [update]);
  const [qText, setQText] = useDebouncedText(filters.q, commitQ);
  const paging = useCursorPages(filterKey);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Operator | null>(null);
  const mayCreate = can(me, "operators.create");
  const mayChange = can(me, "users.roles");
  const mayOpenUsers = can(me, "users.read");

  useEffect(() => setCrumb(null), [setCrumb]);

  // filterKey stands for `filters`.
  const { page, loading, error, reload } = usePage(
    () => client.operators.list({ q: filters.q || undefined, limit: LIMIT, cursor: paging.cursor }),
    [client, filterKey, paging.cursor],
  );

  return (
    <>
      <ListHeader
        title="Operators"
        total={page ? countOf(page.total, "operator") : null}
        totalTestId="operators-total"
        after={filters.q ? " match this search" : " · users who hold permissions"}
        action={
          mayCreate && !creating ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setCreating(true);
                setNotice(null);
              }}
            >
              <PlusIcon />
              New operator
            </button>
          ) : null
        }
      />

      <div className="stack space-below-lg">
        {creating ? (
          <OperatorCreate
            onCreated={(operator) => {
              setCreating(false);
              setNotice(`Operator ${operator.username} created.`);
              paging.reset();
              reload();
            }}
            onCancel={() => setCreating(false)}
          />
        ) : null}
        <WriteOutcome notice={notice} noticeTestId="operators-notice" error={null} />
        {editing ? (
          <>
            <OwnPermissions
              key={editing.id}
              user={editing}
              held={editing.permissions}
              onChange={(operator) => {
                setEditing(operator);
                reload();
              }}
            />
            <div>
              <button type="button" className="btn btn-sm" onClick={() => setEditing(null)}>
                Close {editing.username}&apos;s permissions
              </button>
            </div>
          </>
        ) : null}
      </div>

      <section className="card" aria-label="Operators">
        <div className="toolbar" role="search">
          <SearchBox id="operator-search" label="Search operators" placeholder="Username, email or name" value={qText} onChange={setQText} />
        </div>
        <ListTable
          columns={COLUMNS}
          actions={mayChange}
          page={page}
          loading={loading}
          loadError={{ title: "Could not load operators", message: error }}
          empty={<strong>{filters.q ? "No operator matches this search" : "No operators"}</strong>}
        >
          {page?.data.map((operator) => {
            const summary = summarisePermissions(operator.permissions);
            return (
              <tr key={operator.id} data-testid="operator-row" className="static">
                <td className="cell-strong">
                  {mayOpenUsers ? <Link href={`/users/${operator.id}`}>{operator.username}</Link> : operator.username}
                  <span className="sub">{operator.displayName ?? operator.email ?? "\u00a0"}</span>
                </td>
                <td>{operator.roles.length ? operator.roles.join(", ") : <span className="muted">None</span>}</td>
                <td className="cell-permissions" data-testid="operator-own">
                  {operator.directPermissions.length ? compactPermissions(operator.directPermissions) : <span className="muted">None</span>}
                </td>
                <td className="cell-permissions" title={operator.permissions.join(", ")}>
                  {summary.count}
                  <span className="sub">{summary.resources}</span>
                </td>
                {mayChange ? (
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm"
                      aria-label={`Own permissions of ${operator.username}`}
                      onClick={() => {
                        setEditing(operator);
                        setNotice(null);
                      }}
                    >
                      Own permissions
                    </button>
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
