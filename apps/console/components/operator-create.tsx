"use client";

import { useState, type FormEvent } from "react";
import type { Operator } from "@steward/client";
import { useConsole } from "./console-context";
import { PermissionPicker } from "./permission-picker";
import { CreateForm, TextField } from "./ui";
import { permissionList, useCheckedPermissions } from "@/lib/permission-sets";
import { useSubmit } from "@/lib/use-action";

const FIELDS = [
  { key: "username", label: "Username", autoComplete: "off", hint: "How they sign in." },
  { key: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "Leave empty to give one later (a password reset)." },
  { key: "email", label: "Email", type: "email", autoComplete: "off", hint: "Optional." },
  { key: "displayName", label: "Display name", autoComplete: "off", hint: "Optional." },
] as const;
type Key = (typeof FIELDS)[number]["key"];

/** The "New operator" form: an account and its own permissions (at least one, only those the operator holds). */
export function OperatorCreate({ onCreated, onCancel }: { onCreated(operator: Operator): void; onCancel(): void }) {
  const { client } = useConsole();
  const [values, setValues] = useState<Record<Key, string>>({ username: "", password: "", email: "", displayName: "" });
  const { checked, toggle } = useCheckedPermissions();
  const { busy, error, setError, fields, setFields, submit: send } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!values.username.trim()) problems.username = "Give the operator a username.";
    if (!checked.size) problems.permissions = "Choose at least one permission: an operator holds some.";
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(null);
      return;
    }
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    void send(async () =>
      onCreated(
        await client.operators.create({
          username: values.username.trim(),
          password: values.password || undefined,
          email: optional(values.email),
          displayName: optional(values.displayName),
          permissions: permissionList(checked),
        }),
      ),
    );
  }

  return (
    <CreateForm
      titleId="new-operator-title"
      title="New operator"
      description="A user who holds permissions of their own. Roles can be granted on their page later."
      error={error}
      errorTitle="Operator not created"
      busy={busy}
      submitLabel="Create operator"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        {FIELDS.map((field, index) => (
          <TextField
            key={field.key}
            id={`operator-${field.key}`}
            label={field.label}
            type={"type" in field ? field.type : "text"}
            error={fields[field.key]}
            hint={field.hint}
            autoFocus={index === 0}
            autoComplete={field.autoComplete}
            value={values[field.key]}
            onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
          />
        ))}
      </div>
      <PermissionPicker
        id="operator-permissions"
        checked={checked}
        onToggle={toggle}
        error={fields.permissions}
        wildcard
        hint="Permissions you do not hold are off: nobody gives more than they hold."
      />
    </CreateForm>
  );
}
