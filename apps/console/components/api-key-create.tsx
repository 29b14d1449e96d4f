"use client";

import { useState, type FormEvent } from "react";
import { ALL_PERMISSIONS, type CreatedApiKey } from "@steward/client";
import { useConsole } from "./console-context";
import { PermissionPicker } from "./permission-picker";
import { Alert, CreateForm, FieldError, TextField } from "./ui";
import { KEY_PRESETS, type KeyPreset } from "@/lib/api-keys";
import { useCheckedPermissions } from "@/lib/permission-sets";
import { lacking } from "@/lib/permissions";
import { useSubmit } from "@/lib/use-action";

const DAY = 24 * 3600;
/** "" is a key that never expires. */
const LIFETIMES: readonly { value: string; label: string }[] = [
  { value: "", label: "Never" },
  { value: String(DAY), label: "1 day" },
  { value: String(7 * DAY), label: "7 days" },
  { value: String(30 * DAY), label: "30 days" },
  { value: String(90 * DAY), label: "90 days" },
  { value: String(365 * DAY), label: "1 year" },
];

/**
 * The "New API key" form: a name, the permissions as checkboxes by resource
 * (presets fill them for the compatibility APIs), and an optional lifetime.
 * The API refuses a key holding more than its creator, so the permissions the
 * operator lacks are off, with the reason.
 */
export function ApiKeyCreate({ onCreated, onCancel }: { onCreated(key: CreatedApiKey): void; onCancel(): void }) {
  const { client, me } = useConsole();
  const [name, setName] = useState("");
  const { checked, setChecked, toggle: check } = useCheckedPermissions();
  // The preset last applied, until a checkbox is changed by hand.
  const [preset, setPreset] = useState<KeyPreset | null>(null);
  const [lifetime, setLifetime] = useState("");
  const { busy, error, setError, fields, setFields, submit: send } = useSubmit();
  const notHeld = new Set(lacking(me, ALL_PERMISSIONS));

  function applyPreset(chosen: KeyPreset) {
    setChecked(new Set(chosen.permissions.filter((permission) => !notHeld.has(permission))));
    setPreset(chosen);
    if (!name.trim()) setName(chosen.label);
    setFields({});
  }

  function toggle(permission: string, on: boolean) {
    check(permission, on);
    setPreset(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = "Say what the key is for.";
    if (!checked.size) problems.permissions = "Choose at least one permission, or a preset.";
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(null);
      return;
    }
    // In the API's order, so the request reads like the form.
    const permissions = ALL_PERMISSIONS.filter((permission) => checked.has(permission));
    const expiresAt = lifetime ? new Date(Date.now() + Number(lifetime) * 1000).toISOString() : undefined;
    void send(async () => onCreated(await client.apiKeys.create({ name: name.trim(), permissions, expiresAt })));
  }

  const presetMissing = preset ? preset.permissions.filter((permission) => notHeld.has(permission)) : [];
  return (
    <CreateForm
      titleId="new-api-key-title"
      title="New API key"
      description="The key's secret is shown once, right after it is made."
      error={error}
      errorTitle="API key not created"
      busy={busy}
      submitLabel="Create API key"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField
          id="api-key-name"
          label="Name"
          error={fields.name}
          hint="What or who uses it, e.g. the panel's host name."
          autoFocus
          autoComplete="off"
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="field">
          <label htmlFor="api-key-lifetime">Expires</label>
          <select id="api-key-lifetime" className="select" value={lifetime} onChange={(e) => setLifetime(e.target.value)}>
            {LIFETIMES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.value ? `In ${option.label}` : option.label}
              </option>
            ))}
          </select>
          <FieldError id="api-key-expiresAt-error" message={fields.expiresAt} />
        </div>
      </div>

      <div className="field">
        <span className="label" id="api-key-presets-label">
          Presets
        </span>
        <div className="chips" role="group" aria-labelledby="api-key-presets-label">
          {KEY_PRESETS.map((option) => (
            <button
              key={option.id}
              type="button"
              className="btn btn-sm"
              aria-pressed={preset?.id === option.id}
              onClick={() => applyPreset(option)}
            >
              {option.label}
            </button>
          ))}
        </div>
        {preset ? (
          <p className="note" data-testid="api-key-preset-note">
            {preset.usage}
          </p>
        ) : null}
      </div>
      {preset?.creatorRole ? (
        <Alert tone={me?.user?.roles.includes(preset.creatorRole) ? "info" : "warning"} testId="api-key-role-note">
          {preset.label} also requires the key&apos;s creator (you) to hold the {preset.creatorRole} role
          {me?.user?.roles.includes(preset.creatorRole) ? ", which you do." : ": you do not, so it would refuse this key."}
        </Alert>
      ) : null}
      {presetMissing.length ? (
        <Alert tone="warning" title="Not all of this preset is yours to grant">
          You do not hold {presetMissing.join(", ")}, so the key cannot have {presetMissing.length === 1 ? "it" : "them"}; the routes
          needing {presetMissing.length === 1 ? "it" : "them"} will refuse the key.
        </Alert>
      ) : null}

      <PermissionPicker
        id="api-key-permissions"
        checked={checked}
        onToggle={toggle}
        error={fields.permissions}
        hint={
          notHeld.size
            ? "Permissions you do not hold are off: a key never holds more than the person who made it, and the API refuses it."
            : "Give a key no more than its use needs."
        }
      />
    </CreateForm>
  );
}
