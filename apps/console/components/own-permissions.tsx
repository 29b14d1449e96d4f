"use client";

import { useState } from "react";
import type { Operator, User } from "@steward/client";
import { useConsole } from "./console-context";
import { KeyIcon } from "./icons";
import { PermissionPicker } from "./permission-picker";
import { Confirm, WriteOutcome } from "./ui";
import { compactPermissions } from "@/lib/api-keys";
import { capitalize } from "@/lib/format";
import { permissionChanges, permissionList, useCheckedPermissions } from "@/lib/permission-sets";
import { can, lacking } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";

/**
 * The permissions a user holds directly, besides their roles' (an
 * operator's own set). With `users:manage-roles`, changed with the
 * vocabulary's boxes (only what the operator holds may be given); the change
 * is asked about first, saying what is added and what removed. `held`
 * (everything the user holds, when known) tells whether the user outranks
 * the operator, which the API refuses.
 */
export function OwnPermissions({
  user,
  held = user.directPermissions,
  onChange,
}: {
  user: User;
  held?: readonly string[];
  onChange(operator: Operator): unknown;
}) {
  const { client, me } = useConsole();
  const [editing, setEditing] = useState(false);
  const { checked, setChecked, toggle: check } = useCheckedPermissions();
  const [reviewing, setReviewing] = useState(false);
  const save = useAction();
  const mayChange = can(me, "users.roles");
  const outranks = lacking(me, held);
  const current = user.directPermissions;
  const wanted = permissionList(checked);
  const { added, removed } = permissionChanges(current, wanted);

  function start() {
    setChecked(new Set(current));
    setEditing(true);
    setReviewing(false);
    save.setNotice(null);
  }

  function toggle(permission: string, on: boolean) {
    check(permission, on);
    setReviewing(false);
  }

  const confirm = () =>
    save.run(async () => {
      const operator = await client.users.setPermissions(user.id, wanted);
      setEditing(false);
      setReviewing(false);
      save.setNotice(`Own permissions of ${user.username} saved: ${changeText(added, removed)}.`);
      await onChange(operator);
    });

  return (
    <section className="card" aria-labelledby={`own-permissions-${user.id}`} data-testid="own-permissions">
      <div className="card-header">
        <div>
          <h2 id={`own-permissions-${user.id}`}>Own permissions</h2>
          <p>What {user.username} holds directly, besides the roles&apos; permissions.</p>
        </div>
        <KeyIcon width={18} height={18} className="faint" />
      </div>
      <div className="card-body stack">
        <WriteOutcome notice={save.notice} noticeTestId="own-permissions-notice" error={reviewing ? null : save.error} errorTitle="Own permissions not changed" />
        {editing ? (
          <>
            <PermissionPicker
              id={`own-permissions-${user.id}-picker`}
              checked={checked}
              onToggle={toggle}
              wildcard
              disabled={save.busy}
              hint="Permissions you do not hold are off: nobody gives more than they hold."
            />
            {reviewing ? (
              <Confirm
                testId="own-permissions-confirm"
                tone="primary"
                title={`Change what ${user.username} holds directly?`}
                confirmLabel="Save own permissions"
                busyLabel="Saving…"
                busy={save.busy}
                error={save.error}
                errorTitle="Own permissions not changed"
                onConfirm={() => void confirm()}
                onCancel={() => {
                  setReviewing(false);
                  save.setError(null);
                }}
              >
                {capitalize(changeText(added, removed))}. It takes effect at once, on their sessions and keys too; their roles stay as they are.
              </Confirm>
            ) : (
              <div className="card-actions">
                <button type="button" className="btn" onClick={() => setEditing(false)}>
                  Cancel
                </button>
                <button type="button" className="btn btn-primary" disabled={!added.length && !removed.length} onClick={() => setReviewing(true)}>
                  Review changes
                </button>
              </div>
            )}
          </>
        ) : (
          <>
            <p data-testid="own-permissions-current">{current.length ? compactPermissions(current) : <span className="muted">None</span>}</p>
            {me && mayChange && outranks.length ? (
              <p className="muted" data-testid="own-permissions-lock">
                You cannot change them: {user.username} holds permissions you do not ({outranks.join(", ")}).
              </p>
            ) : null}
            {mayChange && me && !outranks.length ? (
              <div>
                <button type="button" className="btn" onClick={start}>
                  Change own permissions
                </button>
              </div>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}

/** "adds a, b; removes c", or "no change". */
function changeText(added: readonly string[], removed: readonly string[]): string {
  const parts = [added.length ? `adds ${added.join(", ")}` : "", removed.length ? `removes ${removed.join(", ")}` : ""].filter(Boolean);
  return parts.join("; ") || "no change";
}
