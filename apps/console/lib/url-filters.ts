import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef } from "react";

/**
 * A list's filters kept in the URL of `path`, so a reload, a shared link or
 * Back shows the same list. `filterKey` (the query string) changes exactly when
 * the filters do; `update` merges a change into the filters in the address bar.
 * Changes made in quick succession (a select, then a debounced text box) build
 * on each other, not on an address the router has not shown yet.
 */
export function useUrlFilters<F>(path: string, read: (params: URLSearchParams) => F, toSearch: (filters: F) => string) {
  const router = useRouter();
  const params = useSearchParams();
  const filters = useMemo(() => read(new URLSearchParams(params.toString())), [params, read]);
  // Addresses asked for and not shown yet, oldest first.
  const pending = useRef<string[]>([]);
  const shown = searchOf(new URLSearchParams(params.toString()));
  useEffect(() => {
    const at = pending.current.indexOf(shown);
    // Ours arrived: drop it and the ones before it. Anything else (Back, a link): start again from what is shown.
    pending.current = at >= 0 ? pending.current.slice(at + 1) : [];
  }, [shown]);
  const update = useCallback(
    (patch: Partial<F>) => {
      const base = pending.current.at(-1) ?? window.location.search;
      const current = read(new URLSearchParams(base));
      const search = toSearch({ ...current, ...patch });
      pending.current = [...pending.current, search];
      router.replace(`${path}${search}`, { scroll: false });
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
