"use client";

import { useState } from "react";
import { useConsole } from "./console-context";
import { NotifyOutcome } from "./notify-outcome";
import { ListTable, Pager } from "./ui";
import { formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { usePage } from "@/lib/use-page";

const LIMIT = 10;
const COLUMNS = ["When", "Target", "Outcome", "Revision", "Took"];

/** Every push recorded, newest first, a page at a time; read again when `version` moves (after a push). */
export function NotifyPushes({ version }: { version: number }) {
  const { client } = useConsole();
  const paging = useCursorPages("pushes");
  const { page, loading, error, reload } = usePage(() => client.settings.notifyPushes.list({ limit: LIMIT, cursor: paging.cursor }), [client, paging.cursor]);
  // A push was made: back to the newest page, read again (the page shown stays meanwhile).
  const [seen, setSeen] = useState(version);
  if (seen !== version) {
    setSeen(version);
    paging.reset();
    reload();
  }

  return (
    <section className="card" aria-labelledby="notify-pushes-title">
      <div className="card-header">
        <div>
          <h2 id="notify-pushes-title">Recent pushes</h2>
          <p>Every push to every target, as recorded, newest first.</p>
        </div>
      </div>
      <ListTable
        columns={COLUMNS}
        page={page}
        loading={loading}
        loadError={{ title: "Could not load the pushes", message: error }}
        empty={
          <>
            <strong>No push yet</strong>
            Push the settings to see how each target answered.
          </>
        }
      >
        {page?.data.map((push) => (
          <tr key={push.id} className="static" data-testid="notify-push-row">
            <td className="nowrap">{formatDateTime(push.at)}</td>
            <td>
              <span className="cell-strong">{push.target}</span>
              <span className="sub mono">{push.url}</span>
            </td>
            <td>
              <NotifyOutcome outcome={push} />
            </td>
            <td>{push.revision}</td>
            <td className="nowrap">{push.durationMs} ms</td>
          </tr>
        ))}
      </ListTable>
      <Pager paging={paging} page={page} limit={LIMIT} loading={loading} onlyWhenPaged />
    </section>
  );
}
