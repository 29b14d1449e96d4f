import { useState } from "react";

/**
 * Cursor paging for a list whose query is named by `key`: the API only goes
 * forward, so the cursor of every page visited is kept and Previous pops one.
 * A new `key` (another filter, another page size) starts again at page 1.
 */
export function useCursorPages(key: string) {
  const [paging, setPaging] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = paging.key === key ? paging.cursors : [undefined];
  const pageIndex = cursors.length - 1;
  return {
    cursor: cursors[pageIndex],
    pageIndex,
    next(nextCursor: string | null | undefined) {
      if (nextCursor) setPaging({ key, cursors: [...cursors, nextCursor] });
    },
    previous() {
      if (pageIndex > 0) setPaging({ key, cursors: cursors.slice(0, -1) });
    },
    /** Back to page 1 (after a write that changes what the first page holds). */
    reset() {
      setPaging({ key, cursors: [undefined] });
    },
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;
