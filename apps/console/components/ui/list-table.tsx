import type { ReactNode } from "react";
import { Alert } from "./alert";

/**
 * The table of a paged list: the loading bar, the load error (when `loadError`
 * is given here rather than shown elsewhere), the column heads (after `select`,
 * a first head such as a select-all checkbox, and with a last, unnamed one for
 * row actions), the rows, and `empty` when the page has none.
 */
export function ListTable({
  columns,
  select,
  actions,
  page,
  loading,
  loadError,
  empty,
  children,
}: {
  columns: readonly string[];
  select?: ReactNode;
  actions?: boolean;
  page: { data: readonly unknown[] } | null;
  loading: boolean;
  loadError?: { title: string; message: string | null };
  empty: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <div className={`loading-bar${loading ? " active" : ""}`} aria-hidden />
      {loadError?.message ? (
        <div className="pad">
          <Alert tone="error" title={loadError.title}>
            {loadError.message}
          </Alert>
        </div>
      ) : null}
      <div className={`table-wrap${loading && page ? " is-loading" : ""}`} aria-busy={loading}>
        <table className={select ? "data has-select" : "data"}>
          <thead>
            <tr>
              {select ? <th className="cell-select">{select}</th> : null}
              {columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
              {actions ? (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
        {page && page.data.length === 0 ? <div className="empty">{empty}</div> : null}
      </div>
    </>
  );
}
