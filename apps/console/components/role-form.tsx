"use client";

import { useState, type FormEvent } from "react";
import type { Role } from "@steward/client";
import { useConsole } from "./console-context";
import { PermissionPicker } from "./permission-picker";
import { CreateForm, TextField } from "./ui";
import { permissionList, samePermissions, useCheckedPermissions } from "@/lib/permission-sets";
import { useSubmit } from "@/lib/use-action";

/**
 * A custom role's form: new (no `role`), or changing one (rename, describe,
 * what it grants; every holder gets the change at once). Permissions the
 * operator does not hold are off: the API gives none of them.
 */
export function RoleForm({ role, onSaved, onCancel }: { role?: Role; onSaved(role: Role): void; onCancel(): void }) {
  const { client } = useConsole();
  const [name, setName] = useState(role?.name ?? "");
  const [description, setDescription] = useState(role?.description ?? "");
  const { checked, toggle } = useCheckedPermissions(role?.permissions);
  const { busy, error, setError, fields, setFields, submit: send } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = "Give the role a name.";
    if (!checked.size) problems.permissions = "Choose at least one permission.";
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(null);
      return;
    }
    const permissions = permissionList(checked);
    const text = description.trim() || null;
    void send(async () => {
      if (!role) {
        onSaved(await client.roles.create({ name: name.trim(), description: text, permissions }));
        return;
      }
      // Only what changed: a role untouched is not written.
      const patch = {
        ...(name.trim() === role.name ? {} : { name: name.trim() }),
        ...(text === role.description ? {} : { description: text }),
        ...(samePermissions(permissions, role.permissions) ? {} : { permissions }),
      };
      onSaved(Object.keys(patch).length ? await client.roles.update(role.id, patch) : role);
    });
  }

  const prefix = role ? "edit-role" : "new-role";
  return (
    <CreateForm
      titleId={`${prefix}-title`}
      title={role ? `Change the role ${role.name}` : "New role"}
      description={
        role
          ? "Whoever holds it gets the new permissions at once, their sessions and keys too."
          : "A named set of permissions, granted to users on their page."
      }
      error={error}
      errorTitle={role ? "Role not changed" : "Role not created"}
      busy={busy}
      submitLabel={role ? "Save role" : "Create role"}
      busyLabel={role ? "Saving…" : "Creating…"}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField
          id={`${prefix}-name`}
          label="Name"
          error={fields.name}
          hint="Lower-case letters, digits, _ and -, starting with a letter; how users are granted it."
          autoFocus
          autoComplete="off"
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          id={`${prefix}-description`}
          label="Description"
          error={fields.description}
          hint="What the role is for (optional)."
          autoComplete="off"
          maxLength={500}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <PermissionPicker
        id={`${prefix}-permissions`}
        checked={checked}
        onToggle={toggle}
        error={fields.permissions}
        wildcard
        hint="Permissions you do not hold are off: a role never gives more than the person who makes it holds."
      />
    </CreateForm>
  );
}
