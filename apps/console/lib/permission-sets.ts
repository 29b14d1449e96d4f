import { useCallback, useState } from "react";
import { ALL_PERMISSIONS, WILDCARD_PERMISSION } from "@steward/client";
import { PERMISSION_GROUPS } from "./api-keys";
import { countOf } from "./format";

/** A set of permissions as the API takes it: `*` alone when it is there, else the vocabulary's order (unknown ones last). */
export function permissionList(checked: ReadonlySet<string>): string[] {
  if (checked.has(WILDCARD_PERMISSION)) return [WILDCARD_PERMISSION];
  const order: readonly string[] = ALL_PERMISSIONS;
  const known = order.filter((permission) => checked.has(permission));
  return [...known, ...[...checked].filter((permission) => !order.includes(permission)).sort()];
}

/** Does a role (or a person) holding `held` have `permission`? `*` has them all. */
export function grantsPermission(held: readonly string[], permission: string): boolean {
  return held.includes(WILDCARD_PERMISSION) || held.includes(permission);
}

/** What going from `before` to `after` adds and removes, each in the vocabulary's order. */
export function permissionChanges(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  return {
    added: permissionList(new Set(after.filter((permission) => !before.includes(permission)))),
    removed: permissionList(new Set(before.filter((permission) => !after.includes(permission)))),
  };
}

/** The permissions checked in a picker, and the picker's `onToggle`. */
export function useCheckedPermissions(initial: readonly string[] = []) {
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set(initial));
  const toggle = useCallback((permission: string, on: boolean) => {
    setChecked((current) => {
      const next = new Set(current);
      if (on) next.add(permission);
      else next.delete(permission);
      return next;
    });
  }, []);
  return { checked, setChecked, toggle };
}

/** Do two lists hold the same permissions, whatever their order? */
export function samePermissions(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((permission) => set.has(permission));
}

/** An operator's permissions in a few words: "All permissions (*)", or "12 of 28" and the resources they touch. */
export function summarisePermissions(held: readonly string[]): { count: string; resources: string } {
  if (held.includes(WILDCARD_PERMISSION)) return { count: "All permissions (*)", resources: "every resource, now and later" };
  const resources = PERMISSION_GROUPS.filter((group) => group.permissions.some((permission) => held.includes(permission)));
  return {
    count: `${countOf(held.length, "permission")} of ${ALL_PERMISSIONS.length}`,
    resources: resources.map((group) => group.label.toLowerCase()).join(", "),
  };
}
