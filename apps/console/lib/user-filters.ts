import type { ListUsersOptions } from "@steward/client";
import { parseTags } from "./tags";
import { choiceOf, pageSizeOf, searchOf } from "./url-filters";

export type Sort = NonNullable<ListUsersOptions["sort"]>;

export const SORTS: readonly { value: Sort; label: string }[] = [
  { value: "-createdAt", label: "Newest first" },
  { value: "createdAt", label: "Oldest first" },
  { value: "username", label: "Username A–Z" },
  { value: "-username", label: "Username Z–A" },
  { value: "numericId", label: "ID ascending" },
  { value: "-numericId", label: "ID descending" },
];
export const STATUSES: readonly { value: UserFilters["status"]; label: string }[] = [
  { value: "", label: "Any status" },
  { value: "active", label: "Active" },
  { value: "deactivated", label: "Deactivated" },
];
export const ORIGINS: readonly { value: UserFilters["local"]; label: string }[] = [
  { value: "", label: "Local and remote" },
  { value: "true", label: "Local only" },
  { value: "false", label: "Remote only" },
];
export const PAGE_SIZES = [10, 25, 50, 100, 200] as const;
export const DEFAULT_SORT: Sort = "-createdAt";
export const DEFAULT_LIMIT = 25;

export interface UserFilters {
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
export function readFilters(params: URLSearchParams): UserFilters {
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

export function filtersToSearch(filters: UserFilters): string {
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

export function toQuery(filters: UserFilters): ListUsersOptions {
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

/** Whether any filter (not the sort or page size) narrows the list. */
export function hasFilters(filters: UserFilters): boolean {
  return Boolean(filters.q || filters.status || filters.role || filters.local || filters.tag);
}

/** The filters cleared, the sort and page size kept. */
export const NO_FILTERS: Partial<UserFilters> = { q: "", status: "", role: "", local: "", tag: "" };
