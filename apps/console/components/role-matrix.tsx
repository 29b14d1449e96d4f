"use client";

import Link from "next/link";
import { Fragment } from "react";
import type { Role } from "@steward/client";
import { CheckIcon, PencilIcon } from "./icons";
import { RowRemoveButton } from "./ui";
import { PERMISSION_GROUPS, describePermission } from "@/lib/api-keys";
import { countOf } from "@/lib/format";
import { grantsPermission } from "@/lib/permission-sets";

/**
 * Which role grants what: a row per permission of the vocabulary (by
 * resource, with its description), a column per role, a check where the
 * role grants it (`*` grants every one). Each column's head says how many
 * users hold the role, linking to them; custom roles the operator may change
 * (`mayChange`) have Edit and Delete there. Built-in roles are read-only.
 */
export function RoleMatrix({
  roles,
  holders,
  mayChange,
  busy,
  onEdit,
  onDelete,
}: {
  roles: readonly Role[];
  /** Users holding each role, by name (absent: not known). */
  holders: ReadonlyMap<string, number>;
  mayChange(role: Role): boolean;
  busy: boolean;
  onEdit(role: Role): void;
  onDelete(role: Role): void;
}) {
  return (
    <div className="table-wrap">
      <table className="data matrix" aria-label="Permissions by role">
        <thead>
          <tr>
            <th scope="col">Permission</th>
            {roles.map((role) => (
              <th scope="col" key={role.id} data-testid="role-column" className="matrix-role">
                <span className="matrix-role-name">{role.name}</span>
                {role.builtIn ? <span className="badge badge-outline">Built-in</span> : null}
                <RoleHolders role={role} count={holders.get(role.name)} />
                {mayChange(role) ? (
                  <span className="matrix-role-actions">
                    <button type="button" className="btn btn-ghost btn-sm" disabled={busy} aria-label={`Edit the role ${role.name}`} onClick={() => onEdit(role)}>
                      <PencilIcon />
                      Edit
                    </button>
                    <RowRemoveButton label="Delete" ariaLabel={`Delete the role ${role.name}`} disabled={busy} onClick={() => onDelete(role)} />
                  </span>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PERMISSION_GROUPS.map((group) => (
            <Fragment key={group.resource}>
              <tr className="static matrix-group">
                <th scope="rowgroup" colSpan={roles.length + 1}>
                  {group.label}
                </th>
              </tr>
              {group.permissions.map((permission) => (
                <tr key={permission} className="static" data-testid="matrix-row" data-permission={permission}>
                  <th scope="row" className="matrix-permission">
                    <span className="mono">{permission}</span>
                    <span className="sub">{describePermission(permission)}</span>
                  </th>
                  {roles.map((role) => (
                    <MatrixCell key={role.id} role={role} permission={permission} />
                  ))}
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RoleHolders({ role, count }: { role: Role; count: number | undefined }) {
  if (count === undefined) return null;
  return (
    <Link className="matrix-holders" href={`/users?role=${encodeURIComponent(role.name)}`} data-testid="role-holders">
      {countOf(count, "user")}
    </Link>
  );
}

function MatrixCell({ role, permission }: { role: Role; permission: string }) {
  if (!grantsPermission(role.permissions, permission)) {
    return (
      <td className="matrix-cell">
        <span className="sr-only">No</span>
      </td>
    );
  }
  const all = role.permissions.includes("*");
  return (
    <td className="matrix-cell" title={all ? `${role.name} grants every permission (*)` : `${role.name} grants ${permission}`}>
      <CheckIcon className={all ? "matrix-check faint" : "matrix-check"} />
      <span className="sr-only">{all ? "Yes (all)" : "Yes"}</span>
    </td>
  );
}
