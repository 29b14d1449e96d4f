"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { Group } from "@steward/client";
import { useCan, useConsole } from "./console-context";
import { GroupMembers } from "./group-members";
import { GroupIcon } from "./icons";
import { Confirm, FieldError, LoadFailed, Spinner } from "./ui";
import { fieldErrorsOf, messageOf, statusOf } from "@/lib/errors";
import { countOf, formatDateTime } from "@/lib/format";

export function GroupDetail({ id }: { id: string }) {
  const { client, setCrumb } = useConsole();
  const can = useCan();
  const mayManage = can("groups.manage");
  const router = useRouter();
  const [group, setGroup] = useState<Group | null>(null);
  const [loadError, setLoadError] = useState<{ status?: number; message: string } | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setGroup(await client.groups.get(id));
    } catch (error) {
      setLoadError({ status: statusOf(error), message: messageOf(error) });
    }
  }, [client, id]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (!group) return;
    setCrumb(group.name);
    document.title = `${group.name} · Groups · Steward`;
  }, [group, setCrumb]);
  useEffect(() => () => setCrumb(null), [setCrumb]);

  async function remove() {
    setDeleting(true);
    setDeleteError(null);
    try {
      await client.groups.delete(id);
      router.replace("/groups");
    } catch (error) {
      setDeleteError(messageOf(error));
      setDeleting(false);
    }
  }

  if (loadError) return <LoadFailed what="group" error={loadError} backHref="/groups" backLabel="Back to groups" />;
  if (!group) return <Spinner label="Loading group" />;

  return (
    <>
      <div className="detail-header">
        <span className="avatar avatar-lg avatar-square" aria-hidden>
          <GroupIcon />
        </span>
        <div className="titles">
          {renaming ? (
            <RenameForm group={group} onDone={(renamed) => {
              if (renamed) setGroup(renamed);
              setRenaming(false);
            }} />
          ) : (
            <h1 data-testid="group-heading">{group.name}</h1>
          )}
          <p>
            <span data-testid="group-member-count">
              {countOf(group.memberCount, "member")}
            </span>
            {group.mucJid ? (
              <>
                {" · chat room "}
                <span className="mono">{group.mucJid}</span>
              </>
            ) : (
              " · no chat room"
            )}
            {` · created ${formatDateTime(group.createdAt)}`}
          </p>
        </div>
        {mayManage ? (
          <div className="detail-actions">
            {renaming ? null : (
              <button type="button" className="btn" onClick={() => setRenaming(true)}>
                Rename
              </button>
            )}
            <button type="button" className="btn btn-danger" disabled={confirmDelete} onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          </div>
        ) : null}
      </div>

      {confirmDelete ? (
        <Confirm
          testId="group-delete-confirm"
          title={`Delete the group ${group.name}?`}
          confirmLabel="Delete group"
          busyLabel="Deleting…"
          busy={deleting}
          error={deleteError}
          errorTitle="Group not deleted"
          onConfirm={() => void remove()}
          onCancel={() => {
            setConfirmDelete(false);
            setDeleteError(null);
          }}
        >
          {group.memberCount === 0
            ? "It has no members."
            : group.memberCount === 1
              ? "Its membership goes with it; the member stays a user."
              : `Its ${group.memberCount} memberships go with it; the members stay users.`}
          {group.mucJid ? ` Its chat room ${group.mucJid} is not removed from the chat server.` : ""} This cannot be undone.
        </Confirm>
      ) : null}

      <GroupMembers groupId={group.id} groupName={group.name} mayManage={mayManage} onChange={() => void reload()} />
    </>
  );
}

function RenameForm({ group, onDone }: { group: Group; onDone(renamed: Group | null): void }) {
  const { client } = useConsole();
  const [name, setName] = useState(group.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError("Give the group a name.");
      return;
    }
    if (name.trim() === group.name) {
      onDone(null);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onDone(await client.groups.update(group.id, { name: name.trim() }));
    } catch (err) {
      setError(fieldErrorsOf(err).name ?? messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form className="rename-form" onSubmit={submit} noValidate>
      <label htmlFor="rename-group" className="sr-only">
        Group name
      </label>
      <input
        id="rename-group"
        className="input"
        autoFocus
        maxLength={200}
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "rename-group-error" : undefined}
      />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Saving…" : "Save name"}
      </button>
      <button type="button" className="btn" disabled={busy} onClick={() => onDone(null)}>
        Cancel
      </button>
      <FieldError id="rename-group-error" message={error} />
    </form>
  );
}
