"use client";

import { useState, type FormEvent } from "react";
import type { Group } from "@steward/client";
import { useConsole } from "./console-context";
import { CreateForm, TextField } from "./ui";
import { useSubmit } from "@/lib/use-action";

/** The "New group" form: a name and, if wanted, a chat room. */
export function GroupCreate({ onCreated, onCancel }: { onCreated(group: Group): void; onCancel(): void }) {
  const { client } = useConsole();
  const [name, setName] = useState("");
  const [createMuc, setCreateMuc] = useState(false);
  const { busy, error, fields, setFields, submit: send } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setFields({ name: "Give the group a name." });
      return;
    }
    void send(async () => onCreated(await client.groups.create({ name: name.trim(), createMuc })));
  }

  return (
    <CreateForm
      titleId="new-group-title"
      title="New group"
      description="Members are added on the group's page."
      error={error}
      errorTitle="Group not created"
      busy={busy}
      submitLabel="Create group"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField
          id="group-name"
          label="Name"
          error={fields.name}
          autoFocus
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="field field-check">
          <label className="check">
            <input type="checkbox" checked={createMuc} onChange={(e) => setCreateMuc(e.target.checked)} />
            With chat room
          </label>
          <span className="hint">Also create the group&apos;s chat room (XMPP MUC) on the chat domain.</span>
        </div>
      </div>
    </CreateForm>
  );
}
