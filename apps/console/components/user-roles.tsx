"use client";

import { useState } from "react";
import { WILDCARD_PERMISSION, type Role, type User } from "@steward/client";
import { useConsole } from "./console-context";
import { ShieldIcon } from "./icons";
import { Confirm, WriteOutcome } from "./ui";
import { can, lacking } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

type ShownRole = Pick<Role, "name" | "description"> & { permissions: readonly string[] | null };

/**
 * The roles to offer: every role the API lists, built-in ones (admin,
 * moderator) first, and any role the user holds that the list lacks (without
 * `roles:read` the list is empty; the user's own role names still show).
 */
function shownRoles(roles: Role[], held: string[]): ShownRole[] {
  const listed = [...roles].sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
  const unlisted = held.filter((name) => !roles.some((role) => role.name === name));
  return [...listed, ...unlisted.map((name) => ({ name, description: null, permissions: null }))];
}

/**
 * A switch per role: on while the user holds it. A switch the signed-in
 * operator may not flip says why, as the API would refuse it: no right to
 * change roles, a role holding more than the operator holds, or their own
 * admin role. Refusals the page cannot foresee (the last administrator) are
 * shown as the API words them. `onChange` re-reads the user after a change.
 * Flipping a switch changes nothing yet: a dialog first says what the role
 * gives or takes away (admin: everything), and the change waits for it.
 */
export function UserRoles({ user, onChange }: { user: User; onChange(): Promise<unknown> }) {
  const { client, me } = useConsole();
  // Without roles:read the list is empty: the user's own role names still show.
  const roles = usePage(() => client.roles.list(), [client]).page?.data ?? [];
  const change = useAction();
  const [pending, setPending] = useState<{ role: ShownRole; grant: boolean } | null>(null);
  const isMe = me?.user?.id === user.id;
  const mayChange = can(me, "users.roles");

  /** Why the operator cannot flip this switch, or null when they can. */
  function lockOf(role: ShownRole, held: boolean): string | null {
    if (!me || !mayChange) return null; // said once for the whole card
    if (isMe && held && role.name === "admin") return "You cannot revoke your own admin role; ask another administrator.";
    const missing = role.permissions ? lacking(me, role.permissions) : [];
    if (missing.length) return `${held ? "Revoking" : "Granting"} ${role.name} needs permissions you do not hold: ${missing.join(", ")}.`;
    return null;
  }

  const toggle = ({ role, grant }: { role: ShownRole; grant: boolean }) =>
    change.run(async () => {
      if (grant) await client.users.addRole(user.id, role.name);
      else await client.users.removeRole(user.id, role.name);
      setPending(null);
      await onChange();
      change.setNotice(
        grant ? `${user.username} now holds the ${role.name} role.` : `${user.username} no longer holds the ${role.name} role.`,
      );
    }, role.name);

  return (
    <section className="card" aria-labelledby="roles-title">
      <div className="card-header">
        <div>
          <h2 id="roles-title">Roles</h2>
          <p>What this user may do.</p>
        </div>
        <ShieldIcon width={18} height={18} className="faint" />
      </div>
      <div className="card-body">
        {me && !mayChange ? (
          <p className="muted space-below-sm" data-testid="roles-readonly">
            Your account cannot grant or revoke roles (it lacks users:manage-roles).
          </p>
        ) : null}
        {change.notice ? (
          <div className="stack space-below-sm">
            <WriteOutcome notice={change.notice} noticeTestId="roles-notice" error={null} />
          </div>
        ) : null}
        {pending ? (
          <Confirm
            testId="role-confirm"
            tone={pending.grant ? "primary" : "danger"}
            title={pending.grant ? `Grant the ${pending.role.name} role to ${user.username}?` : `Revoke the ${pending.role.name} role from ${user.username}?`}
            confirmLabel={pending.grant ? `Grant ${pending.role.name}` : `Revoke ${pending.role.name}`}
            busyLabel={pending.grant ? "Granting…" : "Revoking…"}
            busy={change.busy}
            error={change.error}
            errorTitle="Role not changed"
            onConfirm={() => void toggle(pending)}
            onCancel={() => {
              setPending(null);
              change.setError(null);
            }}
          >
            {roleChangeText(user.username, pending.role, pending.grant)}
          </Confirm>
        ) : null}
        {shownRoles(roles, user.roles).map((role, index) => {
          const held = user.roles.includes(role.name);
          const lock = lockOf(role, held);
          const switchId = `role-switch-${index}`;
          const described = [role.description ? `${switchId}-desc` : null, lock ? `${switchId}-lock` : null].filter(Boolean).join(" ");
          return (
            <div className="role-row" key={role.name} data-testid="role-row">
              <div>
                <label className="role-name" htmlFor={switchId}>
                  {role.name}
                </label>
                {role.description ? (
                  <span className="role-desc" id={`${switchId}-desc`}>
                    {role.description}
                  </span>
                ) : null}
                {lock ? (
                  <span className="role-lock" id={`${switchId}-lock`} data-testid="role-lock">
                    {lock}
                  </span>
                ) : null}
              </div>
              <input
                id={switchId}
                type="checkbox"
                role="switch"
                className="switch"
                checked={held}
                disabled={!me || !mayChange || lock !== null || change.busy}
                aria-busy={change.running === role.name}
                aria-describedby={described || undefined}
                onChange={(e) => {
                  change.setNotice(null);
                  setPending({ role, grant: e.target.checked });
                }}
              />
            </div>
          );
        })}
      </div>
    </section>
  );
}

/** What granting or revoking `role` does to `username`, in the dialog that asks first. */
function roleChangeText(username: string, role: ShownRole, grant: boolean): string {
  const permissions = role.permissions;
  if (permissions?.includes(WILDCARD_PERMISSION)) {
    return grant
      ? `${username} gets every permission (*), now and later: reading and changing every user, deleting users, granting roles, API keys and the platform's settings.`
      : `${username} loses every permission the ${role.name} role gives (*), unless another role or their own permissions give it too.`;
  }
  if (!permissions) return grant ? `${username} gets what the ${role.name} role gives.` : `${username} loses what the ${role.name} role gives, unless another role gives it too.`;
  const list = permissions.length ? permissions.join(", ") : "no permission";
  return grant
    ? `${username} gets ${permissions.length === 1 ? "this permission" : `these ${permissions.length} permissions`}: ${list}.`
    : `${username} loses ${permissions.length === 1 ? "this permission" : `these ${permissions.length} permissions`}: ${list}, unless another role or their own permissions give them too.`;
}
