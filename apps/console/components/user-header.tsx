"use client";

import { useState } from "react";
import type { User } from "@steward/client";
import { useCan, useConsole } from "./console-context";
import { Alert, Avatar, Confirm, StatusBadge } from "./ui";
import { UserDeleteConfirm } from "./user-delete";
import { personName } from "@/lib/format";
import { useAction } from "@/lib/use-action";

/**
 * A user page's heading (name, status, username, email) and the account's
 * actions: Activate / Deactivate (`users:update`; deactivating asks first,
 * saying that their sessions end) and Delete (`users:delete`; asks first,
 * saying what goes with them). `onChange` re-reads the user.
 */
export function UserHeader({ user, onChange }: { user: User; onChange(): Promise<unknown> }) {
  const { client, me } = useConsole();
  const can = useCan();
  const statusChange = useAction();
  const [confirmDeactivate, setConfirmDeactivate] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const isMe = me?.user?.id === user.id;
  const name = personName(user);

  const setStatus = (next: "active" | "deactivated") =>
    statusChange.run(async () => {
      if (next === "active") await client.users.activate(user.id);
      else await client.users.deactivate(user.id);
      await onChange();
      setConfirmDeactivate(false);
    });

  const mayUpdate = can("users.update");
  const mayDelete = can("users.delete");
  return (
    <>
      <div className="detail-header">
        <Avatar user={user} large />
        <div className="titles">
          <h1>
            <span data-testid="user-heading">{name ?? user.username}</span>
            <StatusBadge status={user.status} />
            {isMe ? <span className="badge badge-primary">You</span> : null}
          </h1>
          <p>
            <span className="mono">{user.username}</span>
            {user.email ? ` · ${user.email}` : ""}
            {user.local ? "" : ` · remote account on ${user.domain}`}
          </p>
        </div>
        {mayUpdate || mayDelete ? (
          <div className="detail-actions">
            {!mayUpdate ? null : user.status === "active" ? (
              <button
                type="button"
                className="btn btn-danger"
                disabled={statusChange.busy || confirmDeactivate}
                onClick={() => setConfirmDeactivate(true)}
              >
                Deactivate
              </button>
            ) : (
              <button type="button" className="btn btn-primary" disabled={statusChange.busy} onClick={() => void setStatus("active")}>
                {statusChange.busy ? "Activating…" : "Activate"}
              </button>
            )}
            {mayDelete ? (
              <button type="button" className="btn btn-danger" disabled={confirmDelete} onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
            ) : null}
          </div>
        ) : null}
      </div>

      {confirmDeactivate && user.status === "active" ? (
        <Confirm
          testId="deactivate-confirm"
          title={`Deactivate ${user.username}?`}
          confirmLabel="Deactivate user"
          busyLabel="Deactivating…"
          busy={statusChange.busy}
          error={statusChange.error}
          errorTitle="Status not changed"
          onConfirm={() => void setStatus("deactivated")}
          onCancel={() => {
            setConfirmDeactivate(false);
            statusChange.setError(null);
          }}
        >
          They will no longer be able to sign in, and their open sessions end. You can activate them again later.
        </Confirm>
      ) : null}
      {statusChange.error && !confirmDeactivate ? (
        <div className="stack space-below-lg">
          <Alert tone="error" title="Status not changed">
            {statusChange.error}
          </Alert>
        </div>
      ) : null}
      {confirmDelete ? <UserDeleteConfirm user={user} onCancel={() => setConfirmDelete(false)} /> : null}
    </>
  );
}
