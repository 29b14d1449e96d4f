"use client";

import type { ReactNode } from "react";
import { ALL_PERMISSIONS, WILDCARD_PERMISSION } from "@steward/client";
import { useConsole } from "./console-context";
import { FieldError } from "./ui";
import { PERMISSION_GROUPS, describePermission } from "@/lib/api-keys";
import { lacking } from "@/lib/permissions";

/**
 * Permissions from the vocabulary as checkboxes, by resource, each with its
 * description. The API refuses to give a permission its caller does not
 * hold, so those are off, with the reason. With `wildcard`, `*` (every
 * permission, now and later) comes first for an operator holding it; while
 * it is checked, every other box shows checked.
 */
export function PermissionPicker({
  id,
  checked,
  onToggle,
  error,
  hint,
  wildcard,
  disabled,
}: {
  /** Prefix of the picker's ids: `<id>-error`, `<id>-hint`. */
  id: string;
  checked: ReadonlySet<string>;
  onToggle(permission: string, on: boolean): void;
  error?: string;
  /** Said under the boxes while there is no error. */
  hint: ReactNode;
  wildcard?: boolean;
  disabled?: boolean;
}) {
  const { me } = useConsole();
  const notHeld = new Set(lacking(me, [...ALL_PERMISSIONS, WILDCARD_PERMISSION]));
  const all = checked.has(WILDCARD_PERMISSION);
  const offerWildcard = wildcard && (all || !notHeld.has(WILDCARD_PERMISSION));

  return (
    <div className="field">
      <fieldset className="permission-groups" aria-describedby={error ? `${id}-error` : `${id}-hint`} disabled={disabled}>
        <legend className="label">Permissions</legend>
        {offerWildcard ? (
          <div className="permission-group" role="group" aria-label="All">
            <span className="permission-group-name">All</span>
            <PermissionCheck
              permission={WILDCARD_PERMISSION}
              description="Every permission, including those Steward adds later"
              off={notHeld.has(WILDCARD_PERMISSION)}
              checked={all}
              onToggle={onToggle}
            />
          </div>
        ) : null}
        {PERMISSION_GROUPS.map((group) => (
          <div className="permission-group" key={group.resource} role="group" aria-label={group.label}>
            <span className="permission-group-name">{group.label}</span>
            {group.permissions.map((permission) => (
              <PermissionCheck
                key={permission}
                permission={permission}
                description={describePermission(permission)}
                off={notHeld.has(permission) || all}
                offReason={all ? "Given by *" : undefined}
                checked={all || checked.has(permission)}
                onToggle={onToggle}
              />
            ))}
          </div>
        ))}
      </fieldset>
      <FieldError id={`${id}-error`} message={error} />
      {error ? null : (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

function PermissionCheck({
  permission,
  description,
  off,
  offReason = "Not yours to grant: you do not hold it",
  checked,
  onToggle,
}: {
  permission: string;
  description: string;
  off: boolean;
  offReason?: string;
  checked: boolean;
  onToggle(permission: string, on: boolean): void;
}) {
  return (
    <label className={`check permission${off ? " is-off" : ""}`}>
      <input type="checkbox" checked={checked} disabled={off} onChange={(e) => onToggle(permission, e.target.checked)} />
      <span>
        <span className="mono">{permission}</span>
        <span className="sub">{off ? offReason : description}</span>
      </span>
    </label>
  );
}
