"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, type MouseEvent } from "react";
import type { ListUsersOptions, Page, Role, User } from "@steward/client";
import { useConsole } from "./console-context";
import { ChevronLeft, ChevronRight, SearchIcon } from "./icons";
import { Alert, Avatar, StatusBadge } from "./ui";
import { formatDate, formatDateTime, personName } from "@/lib/format";
import { messageOf } from "@/lib/errors";
import { useDebouncedText } from "@/lib/debounced-text";

type Sort = NonNullable<ListUsersOptions["sort"]>;

const SORTS: readonly { value: Sort; label: string }[] = [
  { value: "-createdAt", label: "Newest first" },
  { value: "createdAt", label: "Oldest first" },
  { value: "username", label: "Username A–Z" },
  { value: "-username", label: "Username Z–A" },
  { value: "numericId", label: "ID ascending" },
  { value: "-numericId", label: "ID descending" },
];
const PAGE_SIZES = [10, 25, 50, 100, 200] as const;
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
  const status = params.get("status");
  const local = params.get("local");
  const sort = params.get("sort");
  const limit = Number(params.get("limit"));
  return {
    q: params.get("q") ?? "",
    status: status === "active" || status === "deactivated" ? status : "",
    role: params.get("role") ?? "",
    local: local === "true" || local === "false" ? local : "",
    tag: params.get("tag") ?? "",
    sort: SORTS.find((s) => s.value === sort)?.value ?? DEFAULT_SORT,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
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
  const search = params.toString();
  return search ? `?${search}` : "";
}

function toQuery(filters: Filters): ListUsersOptions {
  const tags = filters.tag.split(/[\s,]+/).filter(Boolean);
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
  const { client, setCrumb } = useConsole();
  const router = useRouter();
  const params = useSearchParams();
  const filters = useMemo(() => readFilters(new URLSearchParams(params.toString())), [params]);
  const filterKey = filtersToSearch(filters);

  useEffect(() => setCrumb(null), [setCrumb]);

  const update = useCallback(
    (patch: Partial<Filters>) => {
      const current = readFilters(new URLSearchParams(window.location.search));
      router.replace(`/users${filtersToSearch({ ...current, ...patch })}`, { scroll: false });
    },
    [router],
  );
  const commitQ = useCallback((q: string) => update({ q }), [update]);
  const commitTag = useCallback((tag: string) => update({ tag }), [update]);
  const [qText, setQText] = useDebouncedText(filters.q, commitQ);
  const [tagText, setTagText] = useDebouncedText(filters.tag, commitTag);

  // Cursor pagination: the API only goes forward, so keep the cursor of every
  // page visited; Previous pops one. Any filter change starts again at page 1.
  const [paging, setPaging] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: filterKey,
    cursors: [undefined],
  });
  const cursors = paging.key === filterKey ? paging.cursors : [undefined];
  const pageIndex = cursors.length - 1;
  const cursor = cursors[pageIndex];

  const [page, setPage] = useState<Page<User> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);

  useEffect(() => {
    let live = true;
    client.roles
      .list()
      .then((result) => live && setRoles(result.data))
      .catch(() => {
        // Without roles:read the role filter simply offers nothing to pick.
      });
    return () => {
      live = false;
    };
  }, [client]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.users
      .list({ ...toQuery(filters), cursor })
      .then((result) => {
        if (!live) return;
        setPage(result);
        setError(null);
      })
      .catch((err) => {
        if (!live) return;
        setError(messageOf(err));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // filterKey stands for `filters`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, filterKey, cursor]);

  const goNext = () => {
    if (!page?.nextCursor) return;
    setPaging({ key: filterKey, cursors: [...cursors, page.nextCursor] });
  };
  const goPrevious = () => {
    if (pageIndex === 0) return;
    setPaging({ key: filterKey, cursors: cursors.slice(0, -1) });
  };

  const hasFilters = Boolean(filters.q || filters.status || filters.role || filters.local || filters.tag);
  const clearFilters = () => update({ q: "", status: "", role: "", local: "", tag: "" });

  const total = page?.total ?? 0;
  const from = page && page.data.length ? pageIndex * filters.limit + 1 : 0;
  const to = page ? pageIndex * filters.limit + page.data.length : 0;

  const openRow = (event: MouseEvent<HTMLTableRowElement>, user: User) => {
    if ((event.target as HTMLElement).closest("a, button")) return;
    if (event.metaKey || event.ctrlKey) {
      window.open(`/users/${user.id}`, "_blank");
      return;
    }
    router.push(`/users/${user.id}`);
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Users</h1>
          <p aria-live="polite">
            <span data-testid="users-total">
              {page ? `${total.toLocaleString("en")} ${total === 1 ? "user" : "users"}` : "\u00a0"}
            </span>
            {page && hasFilters ? (total === 1 ? " matches these filters" : " match these filters") : ""}
          </p>
        </div>
      </div>

      <section className="card" aria-label="Users">
        <div className="toolbar" role="search">
          <div className="input-icon search">
            <SearchIcon />
            <label htmlFor="user-search" className="sr-only">
              Search users
            </label>
            <input
              id="user-search"
              type="search"
              className="input"
              placeholder="Username, email or name"
              value={qText}
              maxLength={100}
              onChange={(e) => setQText(e.target.value)}
            />
          </div>
          <label className="sr-only" htmlFor="filter-status">
            Status
          </label>
          <select
            id="filter-status"
            className="select"
            value={filters.status}
            onChange={(e) => update({ status: e.target.value as Filters["status"] })}
          >
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="deactivated">Deactivated</option>
          </select>
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
          <label className="sr-only" htmlFor="filter-local">
            Account origin
          </label>
          <select
            id="filter-local"
            className="select"
            value={filters.local}
            onChange={(e) => update({ local: e.target.value as Filters["local"] })}
          >
            <option value="">Local and remote</option>
            <option value="true">Local only</option>
            <option value="false">Remote only</option>
          </select>
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
          <label className="sr-only" htmlFor="sort">
            Sort
          </label>
          <select id="sort" className="select" value={filters.sort} onChange={(e) => update({ sort: e.target.value as Sort })}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          {hasFilters ? (
            <button type="button" className="btn btn-ghost" onClick={clearFilters}>
              Clear filters
            </button>
          ) : null}
        </div>
        <div className={`loading-bar${loading ? " active" : ""}`} aria-hidden />

        {error ? (
          <div className="pad">
            <Alert tone="error" title="Could not load users">
              {error}
            </Alert>
          </div>
        ) : null}

        <div className={`table-wrap${loading && page ? " is-loading" : ""}`} aria-busy={loading}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Roles</th>
                <th scope="col">Tags</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page === null && loading
                ? Array.from({ length: 6 }, (_, i) => (
                    <tr key={i} aria-hidden>
                      {Array.from({ length: 7 }, (__, j) => (
                        <td key={j}>
                          <div className={j === 0 ? "skeleton skeleton-line wide" : "skeleton skeleton-line"} />
                        </td>
                      ))}
                    </tr>
                  ))
                : page?.data.map((user) => (
                    <tr key={user.id} data-testid="user-row" onClick={(e) => openRow(e, user)}>
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
                        <div className="chips">
                          {user.roles.length ? (
                            user.roles.map((role) => (
                              <span key={role} className="chip chip-role">
                                {role}
                              </span>
                            ))
                          ) : (
                            <span className="faint">—</span>
                          )}
                        </div>
                      </td>
                      <td>
                        <div className="chips">
                          {user.tags.length ? (
                            user.tags.map((tag) => (
                              <span key={tag} className="chip">
                                {tag}
                              </span>
                            ))
                          ) : (
                            <span className="faint">—</span>
                          )}
                        </div>
                      </td>
                      <td className="nowrap" title={formatDateTime(user.createdAt)}>
                        {formatDate(user.createdAt)}
                      </td>
                    </tr>
                  ))}
            </tbody>
          </table>
          {page && page.data.length === 0 ? (
            <div className="empty">
              <strong>{hasFilters ? "No users match these filters" : "No users yet"}</strong>
              {hasFilters ? "Try another search, or clear the filters." : "Users created through the API appear here."}
              {hasFilters ? (
                <div>
                  <button type="button" className="btn" onClick={clearFilters}>
                    Clear filters
                  </button>
                </div>
              ) : null}
            </div>
          ) : null}
        </div>

        <div className="pager">
          <span>
            {page && page.data.length
              ? `Showing ${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${total.toLocaleString("en")} · page ${pageIndex + 1}`
              : "\u00a0"}
          </span>
          <div className="pager-controls">
            <label htmlFor="page-size" className="muted">
              Rows per page
            </label>
            <select
              id="page-size"
              className="select"
              value={filters.limit}
              onChange={(e) => update({ limit: Number(e.target.value) })}
            >
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
            <button type="button" className="btn btn-sm" onClick={goPrevious} disabled={pageIndex === 0 || loading}>
              <ChevronLeft />
              Previous
            </button>
            <button type="button" className="btn btn-sm" onClick={goNext} disabled={!page?.nextCursor || loading}>
              Next
              <ChevronRight />
            </button>
          </div>
        </div>
      </section>
    </>
  );
}
