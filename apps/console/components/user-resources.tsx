"use client";

import { useState, type FormEvent } from "react";
import type { AttachedResource, User } from "@steward/client";
import { useConsole } from "./console-context";
import { PlusIcon } from "./icons";
import { Confirm, ListTable, Pager, RowRemoveButton, TextField, WriteOutcome } from "./ui";
import { fieldErrorsOf, type FieldErrors } from "@/lib/errors";
import { countOf, formatDate, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

const LIMIT = 10;

/** "server srv-1 (Minecraft)". */
function describe(resource: Pick<AttachedResource, "kind" | "externalId" | "name">): string {
  return `${resource.kind} ${resource.externalId}${resource.name ? ` (${resource.name})` : ""}`;
}

/**
 * The things of other systems that belong to a user (Pterodactyl's servers,
 * say), in attach order. Attaching and detaching are writes on the user
 * (`users:update`); a resource belongs to one user at most, so one attached
 * elsewhere is refused (409) and said so.
 */
export function UserResources({ user }: { user: User }) {
  const { client, me } = useConsole();
  const mayChange = can(me, "users.update");
  const paging = useCursorPages(user.id);
  const { page, loading, error, reload } = usePage(
    () => client.users.resources.list(user.id, { limit: LIMIT, cursor: paging.cursor }),
    [client, user.id, paging.cursor],
  );
  const [kind, setKind] = useState("server");
  const [externalId, setExternalId] = useState("");
  const [name, setName] = useState("");
  const [fields, setFields] = useState<FieldErrors>({});
  const attaching = useAction();
  const [detaching, setDetaching] = useState<AttachedResource | null>(null);
  const detachment = useAction();

  const changed = () => {
    paging.reset();
    reload();
  };

  function attach(event: FormEvent) {
    event.preventDefault();
    const input = { kind: kind.trim(), externalId: externalId.trim(), name: name.trim() || null };
    const missing: FieldErrors = {};
    if (!input.kind) missing.kind = "Say what sort of thing it is, e.g. server.";
    if (!input.externalId) missing.externalId = "Its identifier in the other system.";
    setFields(missing);
    if (Object.keys(missing).length) return;
    detachment.setNotice(null);
    void attaching.run(async () => {
      let resource: AttachedResource;
      try {
        resource = await client.users.resources.attach(user.id, input);
      } catch (err) {
        setFields(fieldErrorsOf(err));
        throw err;
      }
      // Attaching is idempotent: one attached to this user already is answered as it is.
      const known = page?.data.some((listed) => listed.id === resource.id);
      attaching.setNotice(
        known ? `The ${describe(resource)} was attached to ${user.username} already.` : `Attached the ${describe(resource)} to ${user.username}.`,
      );
      setExternalId("");
      setName("");
      changed();
    });
  }

  const detach = (resource: AttachedResource) =>
    detachment.run(async () => {
      await client.users.resources.detach(user.id, resource.id);
      setDetaching(null);
      attaching.setNotice(null);
      detachment.setNotice(`Detached the ${describe(resource)} from ${user.username}.`);
      changed();
    });

  const notice = attaching.notice ?? detachment.notice;
  const shownError = attaching.error ?? (detaching ? null : detachment.error) ?? error;
  const errorTitle = attaching.error ? "Resource not attached" : detachment.error ? "Resource not detached" : "Could not load resources";
  return (
    <section className="card space-above-lg" aria-labelledby="resources-title">
      <div className="card-header">
        <div>
          <h2 id="resources-title">Attached resources</h2>
          <p>
            <span data-testid="resources-total">{page ? countOf(page.total, "resource") : "\u00a0"}</span>
            {` · things of other systems that belong to ${user.username}, such as game servers.`}
          </p>
        </div>
      </div>
      {mayChange || detaching || notice || shownError ? (
        <div className="card-body stack">
          {mayChange ? (
            <form className="attach-row" onSubmit={attach} noValidate aria-label={`Attach a resource to ${user.username}`}>
              <TextField
                id="resource-kind"
                label="Kind"
                error={fields.kind}
                autoComplete="off"
                maxLength={64}
                value={kind}
                onChange={(e) => setKind(e.target.value)}
              />
              <TextField
                id="resource-external-id"
                label="External ID"
                error={fields.externalId}
                errorId="resource-externalId-error"
                autoComplete="off"
                maxLength={191}
                value={externalId}
                onChange={(e) => setExternalId(e.target.value)}
              />
              <TextField
                id="resource-name"
                label="Name (optional)"
                error={fields.name}
                autoComplete="off"
                maxLength={200}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
              <button type="submit" className="btn btn-primary" disabled={attaching.busy}>
                <PlusIcon />
                {attaching.busy ? "Attaching…" : "Attach"}
              </button>
            </form>
          ) : null}
          {detaching ? (
            <Confirm
              testId="resource-confirm"
              title={`Detach the ${describe(detaching)} from ${user.username}?`}
              confirmLabel="Detach resource"
              busyLabel="Detaching…"
              busy={detachment.busy}
              error={detachment.error}
              errorTitle="Resource not detached"
              onConfirm={() => void detach(detaching)}
              onCancel={() => setDetaching(null)}
            >
              It stays in its own system, linked to no one here; it can then be attached to another user.
            </Confirm>
          ) : null}
          <WriteOutcome notice={notice} noticeTestId="resources-notice" error={shownError} errorTitle={errorTitle} />
        </div>
      ) : null}
      <ListTable
        columns={["Kind", "External ID", "Name", "Attached"]}
        actions={mayChange}
        page={page}
        loading={loading}
        empty={`Nothing is attached to ${user.username}.`}
      >
        {page?.data.map((resource) => (
          <tr key={resource.id} data-testid="resource-row" className="static">
            <td>
              <span className="chip">{resource.kind}</span>
            </td>
            <td className="mono cell-url">{resource.externalId}</td>
            <td>{resource.name ?? <span className="faint">—</span>}</td>
            <td className="nowrap" title={formatDateTime(resource.attachedAt)}>
              {formatDate(resource.attachedAt)}
            </td>
            {mayChange ? (
              <td className="cell-actions">
                <RowRemoveButton
                  label="Detach"
                  ariaLabel={`Detach the ${describe(resource)}`}
                  disabled={detachment.busy}
                  onClick={() => {
                    attaching.setNotice(null);
                    detachment.setNotice(null);
                    setDetaching(resource);
                  }}
                />
              </td>
            ) : null}
          </tr>
        ))}
      </ListTable>
      <Pager paging={paging} page={page} limit={LIMIT} loading={loading} onlyWhenPaged />
    </section>
  );
}
