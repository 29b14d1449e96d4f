"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, type MouseEvent } from "react";
import type { Group, ListGroupsOptions, Page } from "@steward/client";
import { useConsole } from "./console-context";
import { GroupCreate } from "./group-create";
import { PlusIcon, SearchIcon } from "./icons";
import { Alert, Pager } from "./ui";
import { messageOf } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/format";
import { useDebouncedText } from "@/lib/debounced-text";
import { rangeLabel, useCursorPages } from "@/lib/paging";

type Sort = NonNullable<ListGroupsOptions["sort"]>;

const SORTS: readonly { value: Sort; label: string }[] = [
  { value: "name", label: "Name A–Z" },
  { value: "-name", label: "Name Z–A" },
  { value: "-createdAt", label: "Newest first" },
  { value: "createdAt", label: "Oldest first" },
];
const PAGE_SIZES = [10, 25, 50, 100] as const;
const DEFAULT_SORT: Sort = "name";
const DEFAULT_LIMIT = 25;

interface Filters {
  q: string;
  sort: Sort;
  limit: number;
}

/** Like the users list, the filters live in the URL. */
function readFilters(params: URLSearchParams): Filters {
  const sort = params.get("sort");
  const limit = Number(params.get("limit"));
  return {
    q: params.get("q") ?? "",
    sort: SORTS.find((s) => s.value === sort)?.value ?? DEFAULT_SORT,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
  };
}

function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.sort !== DEFAULT_SORT) params.set("sort", filters.sort);
  if (filters.limit !== DEFAULT_LIMIT) params.set("limit", String(filters.limit));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function GroupsView() {
  const { client, setCrumb } = useConsole();
  const router = useRouter();
  const params = useSearchParams();
  const filters = useMemo(() => readFilters(new URLSearchParams(params.toString())), [params]);
  const filterKey = filtersToSearch(filters);
  const paging = useCursorPages(filterKey);
  const [creating, setCreating] = useState(false);

  useEffect(() => setCrumb(null), [setCrumb]);

  const update = useCallback(
    (patch: Partial<Filters>) => {
      const current = readFilters(new URLSearchParams(window.location.search));
      router.replace(`/groups${filtersToSearch({ ...current, ...patch })}`, { scroll: false });
    },
    [router],
  );
  const commitQ = useCallback((q: string) => update({ q }), [update]);
  const [qText, setQText] = useDebouncedText(filters.q, commitQ);

  const [page, setPage] = useState<Page<Group> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.groups
      .list({ q: filters.q || undefined, sort: filters.sort, limit: filters.limit, cursor: paging.cursor })
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
    // filterKey stands for `filters`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, filterKey, paging.cursor]);

  const total = page?.total ?? 0;
  const openRow = (event: MouseEvent<HTMLTableRowElement>, group: Group) => {
    if ((event.target as HTMLElement).closest("a, button")) return;
    router.push(`/groups/${group.id}`);
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Groups</h1>
          <p aria-live="polite">
            <span data-testid="groups-total">
              {page ? `${total.toLocaleString("en")} ${total === 1 ? "group" : "groups"}` : "\u00a0"}
            </span>
            {page && filters.q ? (total === 1 ? " matches this search" : " match this search") : ""}
          </p>
        </div>
        {creating ? null : (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <PlusIcon />
            New group
          </button>
        )}
      </div>

      {creating ? (
        <div className="space-below-lg">
          <GroupCreate onCreated={(group) => router.push(`/groups/${group.id}`)} onCancel={() => setCreating(false)} />
        </div>
      ) : null}

      <section className="card" aria-label="Groups">
        <div className="toolbar" role="search">
          <div className="input-icon search">
            <SearchIcon />
            <label htmlFor="group-search" className="sr-only">
              Search groups
            </label>
            <input
              id="group-search"
              type="search"
              className="input"
              placeholder="Group name"
              value={qText}
              maxLength={100}
              onChange={(e) => setQText(e.target.value)}
            />
          </div>
          <label className="sr-only" htmlFor="group-sort">
            Sort
          </label>
          <select id="group-sort" className="select" value={filters.sort} onChange={(e) => update({ sort: e.target.value as Sort })}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className={`loading-bar${loading ? " active" : ""}`} aria-hidden />

        {error ? (
          <div className="pad">
            <Alert tone="error" title="Could not load groups">
              {error}
            </Alert>
          </div>
        ) : null}

        <div className={`table-wrap${loading && page ? " is-loading" : ""}`} aria-busy={loading}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Members</th>
                <th scope="col">Chat room</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page?.data.map((group) => (
                <tr key={group.id} data-testid="group-row" onClick={(e) => openRow(e, group)}>
                  <td className="cell-strong">
                    <Link href={`/groups/${group.id}`}>{group.name}</Link>
                  </td>
                  <td data-testid="group-members">{group.memberCount.toLocaleString("en")}</td>
                  <td>{group.mucJid ? <span className="mono">{group.mucJid}</span> : <span className="faint">—</span>}</td>
                  <td className="nowrap" title={formatDateTime(group.createdAt)}>
                    {formatDate(group.createdAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page && page.data.length === 0 ? (
            <div className="empty">
              <strong>{filters.q ? "No groups match this search" : "No groups yet"}</strong>
              {filters.q ? "Try another name." : "Create one with New group."}
            </div>
          ) : null}
        </div>

        <Pager
          label={page ? rangeLabel(paging.pageIndex, filters.limit, page.data.length, total) : "\u00a0"}
          pageIndex={paging.pageIndex}
          hasNext={Boolean(page?.nextCursor)}
          loading={loading}
          onPrevious={paging.previous}
          onNext={() => paging.next(page?.nextCursor)}
          pageSize={{ id: "group-page-size", value: filters.limit, options: PAGE_SIZES, onChange: (limit) => update({ limit }) }}
        />
      </section>
    </>
  );
}
