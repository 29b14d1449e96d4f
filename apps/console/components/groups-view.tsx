"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type MouseEvent } from "react";
import type { Group, ListGroupsOptions } from "@steward/client";
import { useCan, useConsole } from "./console-context";
import { GroupCreate } from "./group-create";
import { PlusIcon } from "./icons";
import { ChoiceSelect, ListHeader, ListTable, Pager, SearchBox } from "./ui";
import { countOf, formatDate, formatDateTime } from "@/lib/format";
import { useDebouncedText } from "@/lib/debounced-text";
import { useCursorPages } from "@/lib/paging";
import { usePage } from "@/lib/use-page";
import { choiceOf, pageSizeOf, searchOf, useUrlFilters } from "@/lib/url-filters";

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
  return {
    q: params.get("q") ?? "",
    sort: choiceOf(SORTS, params.get("sort"), DEFAULT_SORT),
    limit: pageSizeOf(PAGE_SIZES, params.get("limit"), DEFAULT_LIMIT),
  };
}

function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.sort !== DEFAULT_SORT) params.set("sort", filters.sort);
  if (filters.limit !== DEFAULT_LIMIT) params.set("limit", String(filters.limit));
  return searchOf(params);
}

export function GroupsView() {
  const { client, setCrumb } = useConsole();
  const router = useRouter();
  const { filters, filterKey, update } = useUrlFilters("/groups", readFilters, filtersToSearch);
  const paging = useCursorPages(filterKey);
  const [creating, setCreating] = useState(false);
  const mayCreate = useCan()("groups.manage");

  useEffect(() => setCrumb(null), [setCrumb]);

  const commitQ = useCallback((q: string) => update({ q }), [update]);
  const [qText, setQText] = useDebouncedText(filters.q, commitQ);

  // filterKey stands for `filters`.
  const { page, loading, error } = usePage(
    () => client.groups.list({ q: filters.q || undefined, sort: filters.sort, limit: filters.limit, cursor: paging.cursor }),
    [client, filterKey, paging.cursor],
  );

  const total = page?.total ?? 0;
  const openRow = (event: MouseEvent<HTMLTableRowElement>, group: Group) => {
    if ((event.target as HTMLElement).closest("a, button")) return;
    router.push(`/groups/${group.id}`);
  };

  return (
    <>
      <ListHeader
        title="Groups"
        total={page ? countOf(total, "group") : null}
        totalTestId="groups-total"
        after={filters.q ? (total === 1 ? " matches this search" : " match this search") : ""}
        action={
          creating || !mayCreate ? null : (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              <PlusIcon />
              New group
            </button>
          )
        }
      />

      {creating && mayCreate ? (
        <div className="space-below-lg">
          <GroupCreate onCreated={(group) => router.push(`/groups/${group.id}`)} onCancel={() => setCreating(false)} />
        </div>
      ) : null}

      <section className="card" aria-label="Groups">
        <div className="toolbar" role="search">
          <SearchBox id="group-search" label="Search groups" placeholder="Group name" value={qText} onChange={setQText} />
          <ChoiceSelect id="group-sort" label="Sort" value={filters.sort} choices={SORTS} onChange={(sort) => update({ sort })} />
        </div>

        <ListTable
          columns={["Name", "Members", "Chat room", "Created"]}
          page={page}
          loading={loading}
          loadError={{ title: "Could not load groups", message: error }}
          empty={
            <>
              <strong>{filters.q ? "No groups match this search" : "No groups yet"}</strong>
              {filters.q ? "Try another name." : mayCreate ? "Create one with New group." : "None has been made yet."}
            </>
          }
        >
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
        </ListTable>

        <Pager
          paging={paging}
          page={page}
          limit={filters.limit}
          loading={loading}
          pageSize={{ id: "group-page-size", options: PAGE_SIZES, onChange: (limit) => update({ limit }) }}
        />
      </section>
    </>
  );
}
