"use client";

import type { PushResult } from "@steward/client";
import { XIcon } from "./icons";
import { NotifyOutcome } from "./notify-outcome";
import { countOf } from "@/lib/format";

/** What each target made of the last push: successes, then failures, each with its status and time. */
export function NotifyPushResult({ result, onClose }: { result: PushResult; onClose(): void }) {
  const rows = [
    ...result.successes.map((success) => ({ ...success, ok: true, error: null })),
    ...result.failures.map((failure) => ({ ...failure, ok: false })),
  ];
  const summary =
    rows.length === 0
      ? "No enabled target: nothing was pushed."
      : `Revision ${result.revision}: ${countOf(result.successes.length, "target")} delivered, ${countOf(result.failures.length, "failure")}.`;
  return (
    <section className="card" aria-labelledby="notify-result-title" data-testid="notify-result">
      <div className="card-header">
        <div>
          <h2 id="notify-result-title">Push result</h2>
          <p data-testid="notify-result-summary">{summary}</p>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label="Close the push result">
          <XIcon />
          Close
        </button>
      </div>
      {rows.length ? (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Target</th>
                <th scope="col">URL</th>
                <th scope="col">Outcome</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name} className="static" data-testid={row.ok ? "notify-result-success" : "notify-result-failure"}>
                  <td className="cell-strong">{row.name}</td>
                  <td className="mono cell-url">{row.url}</td>
                  <td>
                    <NotifyOutcome outcome={row} />
                  </td>
                  <td className="nowrap">{row.durationMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
