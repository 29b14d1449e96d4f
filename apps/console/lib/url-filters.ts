import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/**
 * A list's filters kept in the URL of `path`, so a reload, a shared link or
 * Back shows the same list. `filterKey` (the query string) changes exactly when
 * the filters do; `update` merges a change into the filters in the address bar.
 */
export function useUrlFilters<F>(path: string, read: (params: URLSearchParams) => F, toSearch: (filters: F) => string) {
  const router = useRouter();
  const params = useSearchParams();
  const filters = useMemo(() => read(new URLSearchParams(params.toString())), [params, read]);
  const update = useCallback(
    (patch: Partial<F>) => {
      const current = read(new URLSearchParams(window.location.search));
      router.replace(`${path}${toSearch({ ...current, ...patch })}`, { scroll: false });
    },
    [router, path, read, toSearch],
  );
  return { filters, filterKey: toSearch(filters), update };
}

/** The choice whose value is `raw`, or `fallback`. */
export function choiceOf<V extends string>(choices: readonly { value: V }[], raw: string | null, fallback: V): V {
  return choices.find((choice) => choice.value === raw)?.value ?? fallback;
}

/** The page size in `raw` when it is one of `sizes`, or `fallback`. */
export function pageSizeOf(sizes: readonly number[], raw: string | null, fallback: number): number {
  const size = Number(raw);
  return sizes.includes(size) ? size : fallback;
}

/** `?a=1&b=2`, or "" for no parameters. */
export function searchOf(params: URLSearchParams): string {
  const search = params.toString();
  return search ? `?${search}` : "";
}
