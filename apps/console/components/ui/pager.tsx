import type { Page } from "@steward/client";
import { rangeLabel } from "@/lib/format";
import type { CursorPages } from "@/lib/paging";
import { ChevronLeft, ChevronRight } from "../icons";

/**
 * Previous / Next for a cursor-paged list, with the range shown and an
 * optional page size. `onlyWhenPaged` (a short list in a card) draws nothing
 * while everything fits on the first page.
 */
export function Pager({
  paging,
  page,
  limit,
  loading,
  pageSize,
  onlyWhenPaged,
}: {
  paging: CursorPages;
  page: Page<unknown> | null;
  limit: number;
  loading: boolean;
  pageSize?: { id: string; options: readonly number[]; onChange(value: number): void };
  onlyWhenPaged?: boolean;
}) {
  if (onlyWhenPaged && paging.pageIndex === 0 && (page?.total ?? 0) <= limit) return null;
  return (
    <div className="pager">
      <span>{rangeLabel(paging.pageIndex, limit, page?.data.length ?? 0, page?.total ?? 0)}</span>
      <div className="pager-controls">
        {pageSize ? (
          <>
            <label htmlFor={pageSize.id} className="muted">
              Rows per page
            </label>
            <select id={pageSize.id} className="select" value={limit} onChange={(e) => pageSize.onChange(Number(e.target.value))}>
              {pageSize.options.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={paging.previous} disabled={paging.pageIndex === 0 || loading}>
          <ChevronLeft />
          Previous
        </button>
        <button type="button" className="btn btn-sm" onClick={() => paging.next(page?.nextCursor)} disabled={!page?.nextCursor || loading}>
          Next
          <ChevronRight />
        </button>
      </div>
    </div>
  );
}
