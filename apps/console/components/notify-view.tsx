"use client";

import { useEffect, useState } from "react";
import type { NotifyTarget, PushResult } from "@steward/client";
import { useConsole } from "./console-context";
import { PlusIcon, SendIcon } from "./icons";
import { NotifyOutcome } from "./notify-outcome";
import { NotifyPushResult } from "./notify-push-result";
import { NotifyPushes } from "./notify-pushes";
import { NotifySecret } from "./notify-secret";
import { NotifyTargetCreate } from "./notify-target-create";
import { Alert, Confirm, ListHeader, ListTable, RowRemoveButton, WriteOutcome } from "./ui";
import { countOf, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

const COLUMNS = ["Target", "State", "Last push"];

/**
 * Notify targets: the services that receive the platform settings, signed,
 * when they are pushed. Listed with their latest push (`settings:read`);
 * with `settings:update`: register one (its secret shown once), enable or
 * disable, rotate the secret (shown once), delete after a confirmation, and
 * **Push now** to every enabled target or to one, showing what each
 * answered. The recent pushes are listed under them.
 */
export function NotifyView() {
  const { client, me, setCrumb } = useConsole();
  const { page, loading, error, reload } = usePage(() => client.settings.notifyTargets.list(), [client]);
  const mayRead = can(me, "settings.read");
  const mayUpdate = can(me, "settings.update");
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string; rotated: boolean } | null>(null);
  const [deleting, setDeleting] = useState<NotifyTarget | null>(null);
  const [result, setResult] = useState<PushResult | null>(null);
  const [pushes, setPushes] = useState(0);
  const pushing = useAction();
  const changing = useAction();

  useEffect(() => setCrumb("Notify"), [setCrumb]);

  const clearOutcomes = () => {
    pushing.setNotice(null);
    pushing.setError(null);
    changing.setNotice(null);
    changing.setError(null);
  };

  const push = (target?: NotifyTarget) =>
    pushing.run(async () => {
      changing.setNotice(null);
      setResult(null);
      try {
        setResult(await client.settings.notify(target ? [target.name] : undefined));
      } finally {
        reload();
        setPushes((n) => n + 1);
      }
    }, target?.id ?? "all");

  const toggle = (target: NotifyTarget) =>
    changing.run(async () => {
      const updated = await client.settings.notifyTargets.update(target.id, { enabled: !target.enabled });
      changing.setNotice(updated.enabled ? `${target.name} is enabled: it receives pushes.` : `${target.name} is disabled: it receives no pushes.`);
      reload();
    }, target.id);

  const rotate = (target: NotifyTarget) =>
    changing.run(async () => {
      const rotated = await client.settings.notifyTargets.rotateSecret(target.id);
      setSecret({ name: target.name, secret: rotated.secret, rotated: true });
      reload();
    }, target.id);

  const remove = (target: NotifyTarget) =>
    changing.run(async () => {
      await client.settings.notifyTargets.delete(target.id);
      setDeleting(null);
      if (secret?.name === target.name) setSecret(null);
      changing.setNotice(`${target.name} was deleted; its pushes stay recorded.`);
      reload();
    }, target.id);

  const enabledCount = page?.data.filter((target) => target.enabled).length ?? 0;
  return (
    <>
      <ListHeader
        title="Notify"
        total={page ? countOf(page.data.length, "target") : null}
        totalTestId="notify-total"
        after=" · services that receive the platform settings, signed"
        action={
          mayUpdate ? (
            <div className="detail-actions">
              <button
                type="button"
                className="btn"
                disabled={creating}
                onClick={() => {
                  clearOutcomes();
                  setCreating(true);
                }}
              >
                <PlusIcon />
                New target
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={pushing.busy || enabledCount === 0}
                title={enabledCount === 0 ? "No enabled target" : undefined}
                onClick={() => void push()}
              >
                <SendIcon />
                {pushing.running === "all" ? "Pushing…" : "Push now to all"}
              </button>
            </div>
          ) : null
        }
      />

      <div className="stack space-below-lg">
        {me && !mayRead ? <Alert tone="warning" title="You cannot see notify targets">This page needs the permission settings:read.</Alert> : null}
        {creating ? (
          <NotifyTargetCreate
            onCreated={(target) => {
              setCreating(false);
              setSecret({ name: target.name, secret: target.secret, rotated: false });
              reload();
            }}
            onCancel={() => setCreating(false)}
          />
        ) : null}
        {secret ? <NotifySecret {...secret} onClose={() => setSecret(null)} /> : null}
        {deleting ? (
          <Confirm
            testId="notify-confirm"
            title={`Delete the target ${deleting.name}?`}
            confirmLabel="Delete target"
            busyLabel="Deleting…"
            busy={changing.busy}
            error={changing.error}
            errorTitle="Target not changed"
            onConfirm={() => void remove(deleting)}
            onCancel={() => setDeleting(null)}
          >
            It receives no more pushes. Its past pushes stay recorded under its name.
          </Confirm>
        ) : null}
        <WriteOutcome notice={changing.notice} noticeTestId="notify-notice" error={deleting ? null : changing.error} errorTitle="Target not changed" />
        <WriteOutcome notice={null} error={pushing.error} errorTitle="Settings not pushed" />
        {result ? <NotifyPushResult result={result} onClose={() => setResult(null)} /> : null}
      </div>

      <section className="card space-below-lg" aria-label="Notify targets">
        <ListTable
          columns={COLUMNS}
          actions={mayUpdate}
          page={page}
          loading={loading}
          loadError={{ title: "Could not load the notify targets", message: error }}
          empty={
            <>
              <strong>No notify target</strong>
              {mayUpdate ? "Register one with New target." : "An operator holding settings:update can register them here."}
            </>
          }
        >
          {page?.data.map((target) => (
            <tr key={target.id} className="static" data-testid="notify-target-row">
              <td>
                <span className="cell-strong">{target.name}</span>
                <span className="sub mono cell-url">{target.url}</span>
              </td>
              <td>
                {target.enabled ? (
                  <span className="badge badge-dot badge-success">Enabled</span>
                ) : (
                  <span className="badge badge-dot badge-outline">Disabled</span>
                )}
              </td>
              <td>
                {target.lastPush ? (
                  <>
                    <NotifyOutcome outcome={target.lastPush} testId="notify-last-push" />
                    <span className="sub">
                      {formatDateTime(target.lastPush.at)} · revision {target.lastPush.revision}
                    </span>
                  </>
                ) : (
                  <span className="faint" data-testid="notify-last-push">
                    Never pushed
                  </span>
                )}
              </td>
              {mayUpdate ? (
                <td className="cell-actions">
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={pushing.busy || !target.enabled}
                    title={target.enabled ? undefined : "Enable it first"}
                    aria-label={`Push now to ${target.name}`}
                    onClick={() => void push(target)}
                  >
                    {pushing.running === target.id ? "Pushing…" : "Push now"}
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    disabled={changing.busy}
                    aria-label={`${target.enabled ? "Disable" : "Enable"} ${target.name}`}
                    onClick={() => void toggle(target)}
                  >
                    {target.enabled ? "Disable" : "Enable"}
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    disabled={changing.busy}
                    aria-label={`Rotate the secret of ${target.name}`}
                    onClick={() => void rotate(target)}
                  >
                    Rotate secret
                  </button>
                  <RowRemoveButton
                    label="Delete"
                    ariaLabel={`Delete ${target.name}`}
                    disabled={changing.busy}
                    onClick={() => {
                      clearOutcomes();
                      setDeleting(target);
                    }}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </ListTable>
      </section>

      {mayRead ? <NotifyPushes version={pushes} /> : null}
    </>
  );
}
