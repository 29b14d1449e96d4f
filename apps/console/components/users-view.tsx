"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, type MouseEvent } from "react";
import type { ListUsersOptions, User } from "@steward/client";
import { useConsole } from "./console-context";
import { PlusIcon } from "./icons";
import { Avatar, ChoiceSelect, ListHeader, ListTable, Pager, SearchBox, StatusBadge } from "./ui";
import { UserBulkTags } from "./user-bulk-tags";
import { countOf, formatDate, formatDateTime, personName } from "@/lib/format";
import { useDebouncedText } from "@/lib/debounced-text";
import { useCursorPages } from "@/lib/paging";
import { can } from "@/lib/permissions";
import { useSelection, type Selection } from "@/lib/selection";
import { parseTags } from "@/lib/tags";
import { usePage } from "@/lib/use-page";
import { choiceOf, pageSizeOf, searchOf, useUrlFilters } from "@/lib/url-filters";

type Sort = NonNullable<ListUsersOptions["sort"]>;

const SORTS: readonly { value: Sort; label: string }[] = [
  { value: "-createdAt", label: "Newest first" },
  { value: "createdAt", label: "Oldest first" },
  { value: "username", label: "Username A–Z" },
  { value: "-username", label: "Username Z–A" },
  { value: "numericId", label: "ID ascending" },
  { value: "-numericId", label: "ID descending" },
];
const STATUSES: readonly { value: Filters["status"]; label: string }[] = [
  { value: "", label: "Any status" },
  { value: "active", label: "Active" },
  { value: "deactivated", label: "Deactivated" },
];
const ORIGINS: readonly { value: Filters["local"]; label: string }[] = [
  { value: "", label: "Local and remote" },
  { value: "true", label: "Local only" },
  { value: "false", label: "Remote only" },
];
const PAGE_SIZES = [10, 25, 50, 100, 200] as const;
const COLUMNS = ["Username", "Email", "Name", "Status", "Roles", "Tags", "Created"];
const DEFAULT_SORT: Sort = "-createdAt";
const DEFAULT_LIMIT = 25;

interface Filters {
  q: string;
  status: "" | "active" | "deactivated";
  role: string;
  local: "" | "true" | "false";
  /** Tags as typed: separated by commas or spaces (a tag has neither). */
  tag: string;
  sort: Sort;
  limit: number;
}

/** Filters live in the URL so a reload, a shared link or Back shows the same list. */
function readFilters(params: URLSearchParams): Filters {
  return {
    q: params.get("q") ?? "",
    status: choiceOf(STATUSES, params.get("status"), ""),
    role: params.get("role") ?? "",
    local: choiceOf(ORIGINS, params.get("local"), ""),
    tag: params.get("tag") ?? "",
    sort: choiceOf(SORTS, params.get("sort"), DEFAULT_SORT),
    limit: pageSizeOf(PAGE_SIZES, params.get("limit"), DEFAULT_LIMIT),
  };
}

function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.status) params.set("status", filters.status);
  if (filters.role) params.set("role", filters.role);
  if (filters.local) params.set("local", filters.local);
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.sort !== DEFAULT_SORT) params.set("sort", filters.sort);
  if (filters.limit !== DEFAULT_LIMIT) params.set("limit", String(filters.limit));
  return searchOf(params);
}

function toQuery(filters: Filters): ListUsersOptions {
  const tags = parseTags(filters.tag);
  return {
    q: filters.q || undefined,
    status: filters.status || undefined,
    role: filters.role || undefined,
    local: filters.local || undefined,
    // Users holding all these tags.
    tag: tags.length > 1 ? tags : tags[0],
    sort: filters.sort,
    limit: filters.limit,
  };
}

export function UsersView() {
  const { client, me, setCrumb } = useConsole();
  const router = useRouter();
  const { filters, filterKey, update } = useUrlFilters("/users", readFilters, filtersToSearch);
  // Picking rows is for the bulk tag change, which needs users:update.
  const mayTag = can(me, "users.update");
  const selection = useSelection(filterKey);

  useEffect(() => setCrumb(null), [setCrumb]);

  const commitQ = useCallback((q: string) => update({ q }), [update]);
  const commitTag = useCallback((tag: string) => update({ tag }), [update]);
  const [qText, setQText] = useDebouncedText(filters.q, commitQ);
  const [tagText, setTagText] = useDebouncedText(filters.tag, commitTag);

  // Any filter change starts again at page 1.
  const paging = useCursorPages(filterKey);
  // Without roles:read the role filter simply offers nothing to pick.
  const roles = usePage(() => client.roles.list(), [client]).page?.data ?? [];

  // filterKey stands for `filters`.
  const { page, loading, error, reload } = usePage(
    () => client.users.list({ ...toQuery(filters), cursor: paging.cursor }),
    [client, filterKey, paging.cursor],
  );

  const hasFilters = Boolean(filters.q || filters.status || filters.role || filters.local || filters.tag);
  const clearFilters = () => update({ q: "", status: "", role: "", local: "", tag: "" });

  const total = page?.total ?? 0;

  const openRow = (event: MouseEvent<HTMLTableRowElement>, user: User) => {
    if ((event.target as HTMLElement).closest("a, button, label, input")) return;
    if (event.metaKey || event.ctrlKey) {
      window.open(`/users/${user.id}`, "_blank");
      return;
    }
    router.push(`/users/${user.id}`);
  };

  return (
    <>
      <ListHeader
        title="Users"
        total={page ? countOf(total, "user") : null}
        totalTestId="users-total"
        after={hasFilters ? (total === 1 ? " matches these filters" : " match these filters") : ""}
        action={
          can(me, "users.create") ? (
            <Link href="/users/new" className="btn btn-primary">
              <PlusIcon />
              New user
            </Link>
          ) : null
        }
      />

      <section className="card" aria-label="Users">
        <div className="toolbar" role="search">
          <SearchBox id="user-search" label="Search users" placeholder="Username, email or name" value={qText} onChange={setQText} />
          <ChoiceSelect id="filter-status" label="Status" value={filters.status} choices={STATUSES} onChange={(status) => update({ status })} />
          <label className="sr-only" htmlFor="filter-role">
            Role
          </label>
          <select id="filter-role" className="select" value={filters.role} onChange={(e) => update({ role: e.target.value })}>
            <option value="">Any role</option>
            {roles.map((role) => (
              <option key={role.id} value={role.name}>
                {role.name}
              </option>
            ))}
            {filters.role && !roles.some((r) => r.name === filters.role) ? (
              <option value={filters.role}>{filters.role}</option>
            ) : null}
          </select>
          <ChoiceSelect id="filter-local" label="Account origin" value={filters.local} choices={ORIGINS} onChange={(local) => update({ local })} />
          <label className="sr-only" htmlFor="filter-tag">
            Tags
          </label>
          <input
            id="filter-tag"
            className="input input-tag"
            placeholder="Tags"
            title="Users with all of these tags (separate with commas)"
            value={tagText}
            maxLength={64}
            onChange={(e) => setTagText(e.target.value)}
          />
          <ChoiceSelect id="sort" label="Sort" value={filters.sort} choices={SORTS} onChange={(sort) => update({ sort })} />
          {hasFilters ? (
            <button type="button" className="btn btn-ghost" onClick={clearFilters}>
              Clear filters
            </button>
          ) : null}
        </div>

        {mayTag ? <UserBulkTags selection={selection} onChanged={reload} /> : null}

        <ListTable
          columns={COLUMNS}
          select={mayTag ? <PageSelectBox selection={selection} pageIds={page?.data.map((user) => user.id) ?? []} /> : undefined}
          page={page}
          loading={loading}
          loadError={{ title: "Could not load users", message: error }}
          empty={
            <>
              <strong>{hasFilters ? "No users match these filters" : "No users yet"}</strong>
              {hasFilters ? "Try another search, or clear the filters." : "Users created through the API appear here."}
              {hasFilters ? (
                <div>
                  <button type="button" className="btn" onClick={clearFilters}>
                    Clear filters
                  </button>
                </div>
              ) : null}
            </>
          }
        >
          {page === null && loading
            ? Array.from({ length: 6 }, (_, i) => (
                <tr key={i} aria-hidden>
                  {Array.from({ length: COLUMNS.length + (mayTag ? 1 : 0) }, (__, j) => (
                    <td key={j}>
                      <div className={j === 0 ? "skeleton skeleton-line wide" : "skeleton skeleton-line"} />
                    </td>
                  ))}
                </tr>
              ))
            : page?.data.map((user) => (
                <tr
                  key={user.id}
                  data-testid="user-row"
                  className={selection.ids.has(user.id) ? "selected" : undefined}
                  onClick={(e) => openRow(e, user)}
                >
                  {mayTag ? (
                    <td className="cell-select">
                      <label>
                        <input
                          type="checkbox"
                          checked={selection.ids.has(user.id)}
                          onChange={(e) => selection.set([user.id], e.target.checked)}
                          aria-label={`Select ${user.username}`}
                        />
                      </label>
                    </td>
                  ) : null}
                  <td>
                    <div className="cell-user">
                      <Avatar user={user} />
                      <div>
                        <Link href={`/users/${user.id}`}>{user.username}</Link>
                        {!user.local && user.domain ? <span className="sub">@{user.domain}</span> : null}
                      </div>
                    </div>
                  </td>
                  <td>{user.email ?? <span className="faint">—</span>}</td>
                  <td>{personName(user) ?? <span className="faint">—</span>}</td>
                  <td>
                    <StatusBadge status={user.status} />
                  </td>
                  <td>
                    <Chips values={user.roles} className="chip chip-role" />
                  </td>
                  <td>
                    <Chips values={user.tags} className="chip" />
                  </td>
                  <td className="nowrap" title={formatDateTime(user.createdAt)}>
                    {formatDate(user.createdAt)}
                  </td>
                </tr>
              ))}
        </ListTable>

        <Pager
          paging={paging}
          page={page}
          limit={filters.limit}
          loading={loading}
          pageSize={{ id: "page-size", options: PAGE_SIZES, onChange: (limit) => update({ limit }) }}
        />
      </section>
    </>
  );
}

/** The head of the pick column: picks or drops the whole page; half-checked when some of it is picked. */
function PageSelectBox({ selection, pageIds }: { selection: Selection; pageIds: string[] }) {
  const picked = pageIds.filter((id) => selection.ids.has(id)).length;
  return (
    <label>
      <input
        type="checkbox"
        checked={picked > 0 && picked === pageIds.length}
        disabled={pageIds.length === 0}
        ref={(box) => {
          if (box) box.indeterminate = picked > 0 && picked < pageIds.length;
        }}
        onChange={(e) => selection.set(pageIds, e.target.checked)}
        aria-label="Select all users on this page"
      />
    </label>
  );
}

/** Roles or tags as chips, or a dash for none. */
function Chips({ values, className }: { values: string[]; className: string }) {
  return (
    <div className="chips">
      {values.length ? (
        values.map((value) => (
          <span key={value} className={className}>
            {value}
          </span>
        ))
      ) : (
        <span className="faint">—</span>
      )}
    </div>
  );
}
