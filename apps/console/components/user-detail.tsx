"use client";

import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import type { UpdateUserInput, User } from "@steward/client";
import { useConsole } from "./console-context";
import { OwnPermissions } from "./own-permissions";
import { Alert, Avatar, Confirm, FieldError, LoadFailed, Spinner, StatusBadge } from "./ui";
import { UserDeleteConfirm } from "./user-delete";
import { UserFollows } from "./user-follows";
import { UserGroups } from "./user-groups";
import { UserMfaReset } from "./user-mfa-reset";
import { UserPasswordReset } from "./user-password-reset";
import { UserResources } from "./user-resources";
import { UserRoles } from "./user-roles";
import { UserSessions } from "./user-sessions";
import { fieldErrorsOf, messageOf, statusOf, type FieldErrors } from "@/lib/errors";
import { formatDateTime, personName } from "@/lib/format";
import { holds } from "@/lib/permissions";
import { parseTags } from "@/lib/tags";
import { useAction } from "@/lib/use-action";

type Versioned = { user: User; etag: string };

const PROFILE_FIELDS = [
  { key: "displayName", label: "Display name", autoComplete: "off" },
  { key: "email", label: "Email", type: "email", autoComplete: "off" },
  { key: "firstName", label: "First name", autoComplete: "off" },
  { key: "lastName", label: "Last name", autoComplete: "off" },
  { key: "language", label: "Language", hint: "A BCP 47 tag such as en or fr-CH.", autoComplete: "off" },
  { key: "phone", label: "Phone", type: "tel", autoComplete: "off" },
  { key: "externalId", label: "External ID", hint: "This user's identifier in another system; unique.", autoComplete: "off" },
  { key: "tags", label: "Tags", hint: "Separate tags with commas or spaces.", span: true, autoComplete: "off" },
] as const;

type FieldKey = (typeof PROFILE_FIELDS)[number]["key"];
type FormValues = Record<FieldKey, string>;
const LABELS = Object.fromEntries(PROFILE_FIELDS.map((f) => [f.key, f.label])) as Record<FieldKey, string>;

function valuesOf(user: User): FormValues {
  return {
    displayName: user.displayName ?? "",
    email: user.email ?? "",
    firstName: user.firstName ?? "",
    lastName: user.lastName ?? "",
    language: user.language ?? "",
    phone: user.phone ?? "",
    externalId: user.externalId ?? "",
    tags: user.tags.join(", "),
  };
}

function sameTags(a: string[], b: string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((tag, i) => tag === y[i]);
}

/** What to send: only the fields that differ from `user`; an emptied field becomes null. */
function patchOf(values: FormValues, user: User): UpdateUserInput {
  const patch: Record<string, unknown> = {};
  for (const { key } of PROFILE_FIELDS) {
    if (key === "tags") {
      const tags = parseTags(values.tags);
      if (!sameTags(tags, user.tags)) patch.tags = tags;
      continue;
    }
    const value = values[key].trim() === "" ? null : values[key].trim();
    if (value !== user[key]) patch[key] = value;
  }
  return patch as UpdateUserInput;
}

/** Profile fields whose value differs between two versions of a user. */
function changedFields(before: User, after: User): FieldKey[] {
  return Object.keys(patchOf(valuesOf(after), before)) as FieldKey[];
}

export function UserDetail({ id }: { id: string }) {
  const { client, me, setCrumb } = useConsole();
  const [record, setRecord] = useState<Versioned | null>(null);
  const [loadError, setLoadError] = useState<{ status?: number; message: string } | null>(null);

  // Only the fields the operator changed; everything else shows the server's value.
  const [edits, setEdits] = useState<Partial<FormValues>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ latest: Versioned; changed: FieldKey[] } | null>(null);

  const statusChange = useAction();
  const [confirmDeactivate, setConfirmDeactivate] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    let live = true;
    client.users
      .getWithETag(id)
      .then((value) => live && setRecord(value))
      .catch((error) => live && setLoadError({ status: statusOf(error), message: messageOf(error) }));
    return () => {
      live = false;
    };
  }, [client, id]);

  useEffect(() => {
    if (!record) return;
    setCrumb(record.user.username);
    document.title = `${record.user.username} · Users · Steward`;
  }, [record, setCrumb]);
  useEffect(() => () => setCrumb(null), [setCrumb]);

  const values = useMemo<FormValues | null>(() => (record ? { ...valuesOf(record.user), ...edits } : null), [record, edits]);
  const patch = useMemo(() => (record && values ? patchOf(values, record.user) : {}), [record, values]);
  const dirty = Object.keys(patch).length > 0;

  const edit = (key: FieldKey, value: string) => {
    setNotice(null);
    setEdits((current) => {
      const next = { ...current, [key]: value };
      // Typing a field back to the stored value is not an edit.
      if (record && valuesOf(record.user)[key] === value) delete next[key];
      return next;
    });
    if (fieldErrors[key]) setFieldErrors(({ [key]: _gone, ...rest }) => rest);
  };

  /** Re-reads the user (for a fresh ETag) after a write; the operator's unsaved edits stay. */
  const reload = useCallback(async () => {
    const fresh = await client.users.getWithETag(id);
    setRecord(fresh);
    return fresh;
  }, [client, id]);

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
    if (!record || !dirty || saving) return;
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
    if (!conflict || !values) return;
    const latest = conflict.latest;
    const mine = Object.keys(patch) as FieldKey[];
    const merged = { ...valuesOf(latest.user), ...Object.fromEntries(mine.map((k) => [k, values[k]])) } as FormValues;
    setRecord(latest);
    setEdits(Object.fromEntries(mine.map((k) => [k, values[k]])));
    setConflict(null);
    void save(latest, patchOf(merged, latest.user));
  };

  const takeLatest = () => {
    if (!conflict) return;
    setRecord(conflict.latest);
    setEdits({});
    setConflict(null);
    setFieldErrors({});
    setSaveError(null);
  };

  const setStatus = (next: "active" | "deactivated") =>
    statusChange.run(async () => {
      if (next === "active") await client.users.activate(id);
      else await client.users.deactivate(id);
      await reload();
      setConfirmDeactivate(false);
    });

  if (loadError) return <LoadFailed what="user" error={loadError} backHref="/users" backLabel="Back to users" />;
  if (!record || !values) return <Spinner label="Loading user" />;

  const { user } = record;
  const isMe = me?.user?.id === user.id;
  const name = personName(user);

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
        <div className="detail-actions">
          {user.status === "active" ? (
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
          {holds(me, "users:delete") ? (
            <button type="button" className="btn btn-danger" disabled={confirmDelete} onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          ) : null}
        </div>
      </div>

      <div className="stack space-below-lg">
        {confirmDeactivate && user.status === "active" ? (
          <Confirm
            title={`Deactivate ${user.username}?`}
            confirmLabel="Deactivate user"
            busyLabel="Deactivating…"
            busy={statusChange.busy}
            onConfirm={() => void setStatus("deactivated")}
            onCancel={() => setConfirmDeactivate(false)}
          >
            They will no longer be able to sign in, and their open sessions end. You can activate them again later.
          </Confirm>
        ) : null}
        {statusChange.error ? (
          <Alert tone="error" title="Status not changed">
            {statusChange.error}
          </Alert>
        ) : null}
        {confirmDelete ? <UserDeleteConfirm user={user} onCancel={() => setConfirmDelete(false)} /> : null}
      </div>

      <div className="detail-grid">
        <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="profile-title">
          <div className="card-header">
            <div>
              <h2 id="profile-title">Profile</h2>
              <p>Leave a field empty to clear it.</p>
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
                const describedBy = [error ? `${field.key}-error` : null, hint ? `${field.key}-hint` : null]
                  .filter(Boolean)
                  .join(" ");
                return (
                  <div className={`field${"span" in field && field.span ? " span-2" : ""}`} key={field.key}>
                    <label htmlFor={`field-${field.key}`}>{field.label}</label>
                    <input
                      id={`field-${field.key}`}
                      name={field.key}
                      className="input"
                      type={"type" in field ? field.type : "text"}
                      autoComplete={field.autoComplete}
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
        </form>

        <div className="stack">
          <UserRoles user={user} onChange={reload} />
          <OwnPermissions user={user} onChange={reload} />
          <UserPasswordReset user={user} />
          <UserMfaReset user={user} onChange={reload} />

          <UserGroups userId={user.id} version={record.etag} />

          <section className="card" aria-labelledby="account-title">
            <div className="card-header">
              <h2 id="account-title">Account</h2>
            </div>
            <div className="card-body">
              <dl className="props">
                <dt>ID</dt>
                <dd className="mono">{user.id}</dd>
                <dt>Number</dt>
                <dd>{user.numericId}</dd>
                <dt>Username</dt>
                <dd>{user.username}</dd>
                <dt>Origin</dt>
                <dd>{user.local ? "Local account" : `Remote (${user.domain})`}</dd>
                <dt>MFA</dt>
                <dd>{user.mfaEnabled ? <span className="badge badge-success">Enabled</span> : <span className="muted">Off</span>}</dd>
                <dt>Last sign-in</dt>
                <dd>{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : <span className="muted">Never</span>}</dd>
                <dt>Created</dt>
                <dd>{formatDateTime(user.createdAt)}</dd>
                <dt>Updated</dt>
                <dd>{formatDateTime(user.updatedAt)}</dd>
              </dl>
            </div>
          </section>
        </div>
      </div>

      <UserResources user={user} />
      <UserFollows user={user} />
      <UserSessions userId={user.id} username={user.username} />
    </>
  );
}
