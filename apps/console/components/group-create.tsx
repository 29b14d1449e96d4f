"use client";

import { useState, type FormEvent } from "react";
import type { Group } from "@steward/client";
import { useConsole } from "./console-context";
import { Alert, FieldError } from "./ui";
import { fieldErrorsOf, messageOf, type FieldErrors } from "@/lib/errors";

/** The "New group" form: a name and, if wanted, a chat room. */
export function GroupCreate({ onCreated, onCancel }: { onCreated(group: Group): void; onCancel(): void }) {
  const { client } = useConsole();
  const [name, setName] = useState("");
  const [createMuc, setCreateMuc] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setFields({ name: "Give the group a name." });
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      onCreated(await client.groups.create({ name: name.trim(), createMuc }));
    } catch (err) {
      setError(messageOf(err));
      setFields(fieldErrorsOf(err));
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-group-title">
      <div className="card-header">
        <div>
          <h2 id="new-group-title">New group</h2>
          <p>Members are added on the group&apos;s page.</p>
        </div>
      </div>
      <div className="card-body stack">
        {error ? <Alert tone="error" title="Group not created">{error}</Alert> : null}
        <div className="form-grid">
          <div className="field">
            <label htmlFor="group-name">Name</label>
            <input
              id="group-name"
              className="input"
              autoFocus
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={fields.name ? true : undefined}
              aria-describedby={fields.name ? "group-name-error" : undefined}
            />
            <FieldError id="group-name-error" message={fields.name} />
          </div>
          <div className="field field-check">
            <label className="check">
              <input type="checkbox" checked={createMuc} onChange={(e) => setCreateMuc(e.target.checked)} />
              With chat room
            </label>
            <span className="hint">Also create the group&apos;s chat room (XMPP MUC) on the chat domain.</span>
          </div>
        </div>
      </div>
      <div className="card-footer">
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Creating…" : "Create group"}
        </button>
      </div>
    </form>
  );
}
