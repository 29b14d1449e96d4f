"use client";

import { useMemo, useState, type FormEvent } from "react";
import type { UpdateUserInput } from "@steward/client";
import { useCan, useConsole } from "./console-context";
import { Alert, FieldError } from "./ui";
import { fieldErrorsOf, messageOf, statusOf, type FieldErrors } from "@/lib/errors";
import { LABELS, PROFILE_FIELDS, changedFields, patchOf, valuesOf, type FieldKey, type FormValues, type Versioned } from "@/lib/user-profile";

/**
 * A user's profile card: the fields, saved with `If-Match` (only what the
 * operator changed). When someone else saved meanwhile (412) it says which
 * fields changed and offers to load theirs or save over them. Without
 * `users:update` the fields are read only and nothing is offered.
 * `reload` reads the user again (for a fresh ETag); `replace` shows a version.
 */
export function UserProfile({
  record,
  reload,
  replace,
}: {
  record: Versioned;
  reload(): Promise<Versioned>;
  replace(record: Versioned): void;
}) {
  const { client } = useConsole();
  const mayEdit = useCan()("users.update");
  const id = record.user.id;
  // Only the fields the operator changed; everything else shows the server's value.
  const [edits, setEdits] = useState<Partial<FormValues>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ latest: Versioned; changed: FieldKey[] } | null>(null);

  const values = useMemo<FormValues>(() => ({ ...valuesOf(record.user), ...edits }), [record, edits]);
  const patch = useMemo(() => patchOf(values, record.user), [record, values]);
  const dirty = Object.keys(patch).length > 0;

  const edit = (key: FieldKey, value: string) => {
    setNotice(null);
    setEdits((current) => {
      const next = { ...current, [key]: value };
      // Typing a field back to the stored value is not an edit.
      if (valuesOf(record.user)[key] === value) delete next[key];
      return next;
    });
    if (fieldErrors[key]) setFieldErrors(({ [key]: _gone, ...rest }) => rest);
  };

  async function save(base: Versioned, toSend: UpdateUserInput) {
    setSaving(true);
    setSaveError(null);
    setFieldErrors({});
    setNotice(null);
    try {
      await client.users.update(id, toSend, { ifMatch: base.etag });
      // The SDK's update() returns the user but not its new ETag: read it back.
      await reload();
      setEdits({});
      setConflict(null);
      setNotice("Changes saved.");
    } catch (error) {
      if (statusOf(error) === 412) {
        try {
          const latest = await client.users.getWithETag(id);
          setConflict({ latest, changed: changedFields(base.user, latest.user) });
        } catch (inner) {
          setSaveError(messageOf(inner));
        }
      } else {
        const fields = fieldErrorsOf(error);
        const keys = Object.keys(fields);
        setFieldErrors(fields);
        // Field problems are shown at their fields; the banner only points at them.
        setSaveError(
          statusOf(error) === 400 && keys.length && keys.every((key) => key in LABELS)
            ? `Check ${keys.length === 1 ? "this field" : "these fields"}: ${keys.map((key) => LABELS[key as FieldKey]).join(", ")}.`
            : messageOf(error),
        );
      }
    } finally {
      setSaving(false);
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || saving || !mayEdit) return;
    void save(record, patch);
  };

  const discard = () => {
    setEdits({});
    setFieldErrors({});
    setSaveError(null);
    setNotice(null);
  };

  /** Conflict: apply only my edits on top of the latest version. */
  const overwrite = () => {
    if (!conflict) return;
    const latest = conflict.latest;
    const mine = Object.keys(patch) as FieldKey[];
    const merged = { ...valuesOf(latest.user), ...Object.fromEntries(mine.map((k) => [k, values[k]])) } as FormValues;
    replace(latest);
    setEdits(Object.fromEntries(mine.map((k) => [k, values[k]])));
    setConflict(null);
    void save(latest, patchOf(merged, latest.user));
  };

  const takeLatest = () => {
    if (!conflict) return;
    replace(conflict.latest);
    setEdits({});
    setConflict(null);
    setFieldErrors({});
    setSaveError(null);
  };

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="profile-title">
      <div className="card-header">
        <div>
          <h2 id="profile-title">Profile</h2>
          <p>{mayEdit ? "Leave a field empty to clear it." : "Your account can read this profile, not change it (it lacks users:update)."}</p>
        </div>
      </div>
      <div className="card-body stack">
        {conflict ? (
          <Alert
            tone="warning"
            testId="conflict"
            title="Someone else changed this user while you were editing"
            actions={
              <>
                <button type="button" className="btn btn-sm" onClick={takeLatest}>
                  Discard my changes and load theirs
                </button>
                <button type="button" className="btn btn-sm btn-danger" onClick={overwrite}>
                  Save mine over theirs
                </button>
              </>
            }
          >
            Your changes were not saved (412 Precondition Failed).{" "}
            {conflict.changed.length
              ? `Changed meanwhile: ${conflict.changed.map((k) => LABELS[k]).join(", ")}.`
              : "Their change was to the account (status or roles), not to these fields."}
          </Alert>
        ) : null}
        {saveError ? (
          <Alert tone="error" title="Changes not saved" testId="save-error">
            {saveError}
          </Alert>
        ) : null}
        {notice ? (
          <Alert tone="success" testId="save-notice">
            {notice}
          </Alert>
        ) : null}
        <div className="form-grid">
          {PROFILE_FIELDS.map((field) => {
            const error = fieldErrors[field.key];
            const hint = "hint" in field ? field.hint : undefined;
            const describedBy = [error ? `${field.key}-error` : null, hint ? `${field.key}-hint` : null].filter(Boolean).join(" ");
            return (
              <div className={`field${"span" in field && field.span ? " span-2" : ""}`} key={field.key}>
                <label htmlFor={`field-${field.key}`}>{field.label}</label>
                <input
                  id={`field-${field.key}`}
                  name={field.key}
                  className="input"
                  type={"type" in field ? field.type : "text"}
                  autoComplete={field.autoComplete}
                  readOnly={!mayEdit}
                  value={values[field.key]}
                  onChange={(e) => edit(field.key, e.target.value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy || undefined}
                />
                <FieldError id={`${field.key}-error`} message={error} />
                {hint && !error ? (
                  <span className="hint" id={`${field.key}-hint`}>
                    {hint}
                  </span>
                ) : null}
              </div>
            );
          })}
          {Object.entries(fieldErrors)
            .filter(([key]) => !(key in LABELS))
            .map(([key, message]) => (
              <p className="field-error span-2" key={key}>
                {key}: {message}
              </p>
            ))}
        </div>
      </div>
      {mayEdit ? (
        <div className="card-footer">
          <span className="spacer">
            {dirty ? `${Object.keys(patch).length} unsaved ${Object.keys(patch).length === 1 ? "change" : "changes"}` : "No unsaved changes"}
          </span>
          <button type="button" className="btn" onClick={discard} disabled={!dirty || saving}>
            Discard
          </button>
          <button type="submit" className="btn btn-primary" disabled={!dirty || saving || Boolean(conflict)}>
            {saving ? "Saving…" : "Save changes"}
          </button>
        </div>
      ) : null}
    </form>
  );
}
