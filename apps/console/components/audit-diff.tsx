import type { AuditEvent } from "@steward/client";
import { diffOf } from "@/lib/audit";

const KIND_LABELS = { added: "Added", removed: "Removed", changed: "Changed", same: "Unchanged" } as const;

/**
 * What one audit event changed: a row per field, its value before and after
 * (secrets are never recorded). Changed fields first; unchanged ones are
 * folded away under a count.
 */
export function AuditDiff({ event }: { event: AuditEvent }) {
  const rows = diffOf(event.before, event.after);
  const changed = rows.filter((row) => row.kind !== "same");
  const same = rows.length - changed.length;
  if (!rows.length) return <p className="muted flush">Nothing was recorded before or after this event.</p>;
  return (
    <div className="stack diff" data-testid="audit-diff">
      {changed.length ? (
        <div className="table-wrap diff-wrap">
          <table className="data diff-table">
            <caption className="sr-only">Fields before and after</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {changed.map((row) => (
                <tr key={row.path} className={`static diff-${row.kind}`} data-testid="diff-row">
                  <th scope="row" className="mono">
                    {row.path}
                    <span className="sr-only"> ({KIND_LABELS[row.kind]})</span>
                  </th>
                  <td className="mono diff-before">{row.before ?? <span className="faint">—</span>}</td>
                  <td className="mono diff-after">{row.after ?? <span className="faint">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted flush">No field changed.</p>
      )}
      {same ? <p className="muted flush">{same === 1 ? "1 other field" : `${same} other fields`} stayed the same.</p> : null}
    </div>
  );
}
