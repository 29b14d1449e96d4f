"use client";

import { useState } from "react";
import type { SettingsMigration } from "@steward/client";
import { useConsole } from "./console-context";
import { Alert, Confirm } from "./ui";
import { countOf } from "@/lib/format";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

/**
 * The settings document's pending schema migrations, each with what it
 * does; with `settings:update`, Apply (after a question) runs them all in
 * one transaction, then says which were applied. Until then the settings
 * cannot be changed. `onApplied` reads the settings again.
 */
export function SettingsMigrations({ version, onApplied }: { version: number; onApplied(): Promise<void> }) {
  const { client, me } = useConsole();
  const { page, loading, error, reload } = usePage(() => client.settings.migrations.list(), [client]);
  const pending = page?.data ?? [];
  const [asking, setAsking] = useState(false);
  const [applied, setApplied] = useState<SettingsMigration[] | null>(null);
  const apply = useAction();
  const mayApply = can(me, "settings.update");

  const run = () =>
    apply.run(async () => {
      const { data } = await client.settings.migrations.apply();
      setAsking(false);
      setApplied(data);
      reload();
      await onApplied();
    });

  return (
    <section className="card" aria-labelledby="settings-migrations-title" data-testid="settings-migrations">
      <div className="card-header">
        <div>
          <h2 id="settings-migrations-title">Migrations</h2>
          <p>Changes to the settings document&apos;s schema, applied in order.</p>
        </div>
      </div>
      <div className="card-body stack">
        {error ? (
          <Alert tone="error" title="Could not load the migrations">
            {error}
          </Alert>
        ) : null}
        {applied ? (
          <Alert tone="success" testId="settings-migrations-applied" title={applied.length ? `Applied ${countOf(applied.length, "migration")}` : "Nothing to apply"}>
            {applied.length ? applied.map((migration) => `${migration.id} (version ${migration.fromVersion} → ${migration.toVersion})`).join(", ") : "Another operator applied them first."}
          </Alert>
        ) : null}
        {apply.error && !asking ? (
          <Alert tone="error" title="Migrations not applied">
            {apply.error}
          </Alert>
        ) : null}
        {page && !pending.length ? (
          <p className="muted" data-testid="settings-migrations-none">
            None pending: the settings document is at schema version {version}.
          </p>
        ) : null}
        {pending.length ? (
          <ol className="migration-list">
            {pending.map((migration) => (
              <li key={migration.id} data-testid="settings-migration">
                <strong className="mono">{migration.id}</strong>
                <span className="muted">
                  {" "}
                  · version {migration.fromVersion} → {migration.toVersion}
                </span>
                <span className="block">{migration.description}</span>
              </li>
            ))}
          </ol>
        ) : null}
        {pending.length && mayApply ? (
          asking ? (
            <Confirm
              testId="settings-migrations-confirm"
              title={`Apply ${countOf(pending.length, "migration")}?`}
              confirmLabel="Apply migrations"
              busyLabel="Applying…"
              busy={apply.busy}
              error={apply.error}
              errorTitle="Migrations not applied"
              tone="primary"
              onConfirm={() => void run()}
              onCancel={() => setAsking(false)}
            >
              They run in one transaction: all of them or, if one fails, none. The settings move to version {pending.at(-1)!.toVersion} and
              cannot be moved back.
            </Confirm>
          ) : (
            <div>
              <button
                type="button"
                className="btn btn-primary"
                disabled={loading}
                onClick={() => {
                  setApplied(null);
                  setAsking(true);
                }}
              >
                Apply migrations
              </button>
            </div>
          )
        ) : null}
        {pending.length && !mayApply ? <p className="muted">Applying them needs settings:update.</p> : null}
      </div>
    </section>
  );
}
