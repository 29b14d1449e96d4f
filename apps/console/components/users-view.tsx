"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { User } from "@steward/client";
import { useConsole } from "./console-context";
import { PlusIcon } from "./icons";
import { ListHeader, ListTable, Pager } from "./ui";
import { UserBulkTags } from "./user-bulk-tags";
import { PageSelectBox, USER_COLUMNS, UserRow, UserRowSkeleton } from "./user-row";
import { UsersFilters } from "./users-filters";
import { countOf } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { can } from "@/lib/permissions";
import { useSelection } from "@/lib/selection";
import { usePage } from "@/lib/use-page";
import { NO_FILTERS, PAGE_SIZES, filtersToSearch, hasFilters, readFilters, toQuery } from "@/lib/user-filters";
import { useUrlFilters } from "@/lib/url-filters";

/** The users list: filters in the URL, a page at a time, rows picked for a bulk tag change (with users:update). */
export function UsersView() {
  const { client, me, setCrumb } = useConsole();
  const router = useRouter();
  const { filters, filterKey, update } = useUrlFilters("/users", readFilters, filtersToSearch);
  // Picking rows is for the bulk tag change, which needs users:update.
  const mayTag = can(me, "users.update");
  const selection = useSelection(filterKey);

  useEffect(() => setCrumb(null), [setCrumb]);

  // Any filter change starts again at page 1.
  const paging = useCursorPages(filterKey);
  // Without roles:read the role filter simply offers nothing to pick.
  const roles = usePage(() => client.roles.list(), [client]).page?.data ?? [];

  // filterKey stands for `filters`.
  const { page, loading, error, reload } = usePage(
    () => client.users.list({ ...toQuery(filters), cursor: paging.cursor }),
    [client, filterKey, paging.cursor],
  );

  const filtered = hasFilters(filters);
  const clearFilters = () => update(NO_FILTERS);
  const total = page?.total ?? 0;

  const openUser = (user: User, newTab: boolean) => {
    if (newTab) window.open(`/users/${user.id}`, "_blank");
    else router.push(`/users/${user.id}`);
  };

  return (
    <>
      <ListHeader
        title="Users"
        total={page ? countOf(total, "user") : null}
        totalTestId="users-total"
        after={filtered ? (total === 1 ? " matches these filters" : " match these filters") : ""}
        action={
          <div className="page-actions">
            {can(me, "users.import") ? (
              <Link href="/users/import" className="btn">
                Import
              </Link>
            ) : null}
            {can(me, "users.create") ? (
              <Link href="/users/new" className="btn btn-primary">
                <PlusIcon />
                New user
              </Link>
            ) : null}
          </div>
        }
      />

      <section className="card" aria-label="Users">
        <UsersFilters filters={filters} roles={roles} update={update} />

        {mayTag ? <UserBulkTags selection={selection} onChanged={reload} /> : null}

        <ListTable
          columns={USER_COLUMNS}
          select={mayTag ? <PageSelectBox selection={selection} pageIds={page?.data.map((user) => user.id) ?? []} /> : undefined}
          page={page}
          loading={loading}
          loadError={{ title: "Could not load users", message: error }}
          empty={
            <>
              <strong>{filtered ? "No users match these filters" : "No users yet"}</strong>
              {filtered ? "Try another search, or clear the filters." : "Users created through the API appear here."}
              {filtered ? (
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
            ? Array.from({ length: 6 }, (_, i) => <UserRowSkeleton key={i} withSelect={mayTag} />)
            : page?.data.map((user) => <UserRow key={user.id} user={user} selection={mayTag ? selection : undefined} onOpen={openUser} />)}
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
