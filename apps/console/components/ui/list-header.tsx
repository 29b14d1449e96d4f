import type { ReactNode } from "react";

/** A list page's title, its total (`totalTestId` marks it) with what follows it, and an action. */
export function ListHeader({
  title,
  total,
  totalTestId,
  after,
  action,
}: {
  title: string;
  /** The count, once the first page is in. */
  total: string | null;
  totalTestId: string;
  after?: string;
  action?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        <p aria-live="polite">
          <span data-testid={totalTestId}>{total ?? "\u00a0"}</span>
          {total === null ? "" : (after ?? "")}
        </p>
      </div>
      {action}
    </div>
  );
}
