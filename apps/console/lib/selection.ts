import { useState } from "react";

const NONE: ReadonlySet<string> = new Set();

/**
 * Rows picked in a list whose query is named by `key` (its filters), by id.
 * The picks survive paging; another key (other filters, another list) starts
 * with none, so an action never reaches rows the operator no longer sees
 * listed under the same filters.
 */
export function useSelection(key: string) {
  const [picked, setPicked] = useState<{ key: string; ids: ReadonlySet<string> }>({ key, ids: NONE });
  const ids = picked.key === key ? picked.ids : NONE;
  const set = (pageIds: readonly string[], on: boolean) => {
    const next = new Set(ids);
    for (const id of pageIds) {
      if (on) next.add(id);
      else next.delete(id);
    }
    setPicked({ key, ids: next });
  };
  return {
    ids,
    /** Picks (`on`) or drops the given ids: one row's, or a whole page's. */
    set,
    clear: () => setPicked({ key, ids: NONE }),
  };
}

export type Selection = ReturnType<typeof useSelection>;
