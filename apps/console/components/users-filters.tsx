"use client";

import { useCallback } from "react";
import type { Role } from "@steward/client";
import { ChoiceSelect, SearchBox } from "./ui";
import { useDebouncedText } from "@/lib/debounced-text";
import { NO_FILTERS, ORIGINS, SORTS, STATUSES, hasFilters, type UserFilters } from "@/lib/user-filters";

/**
 * The users list's toolbar: search, status, role, origin, tags and sort.
 * The search and tag boxes settle before they change the list; `roles` is
 * what the role filter offers (empty without roles:read).
 */
export function UsersFilters({ filters, roles, update }: { filters: UserFilters; roles: readonly Role[]; update(patch: Partial<UserFilters>): void }) {
  const commitQ = useCallback((q: string) => update({ q }), [update]);
  const commitTag = useCallback((tag: string) => update({ tag }), [update]);
  const [qText, setQText] = useDebouncedText(filters.q, commitQ);
  const [tagText, setTagText] = useDebouncedText(filters.tag, commitTag);

  return (
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
        {filters.role && !roles.some((r) => r.name === filters.role) ? <option value={filters.role}>{filters.role}</option> : null}
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
      {hasFilters(filters) ? (
        <button type="button" className="btn btn-ghost" onClick={() => update(NO_FILTERS)}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
