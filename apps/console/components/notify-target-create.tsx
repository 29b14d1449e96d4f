"use client";

import { useState, type FormEvent } from "react";
import type { CreatedNotifyTarget } from "@steward/client";
import { useConsole } from "./console-context";
import { CreateForm, TextField } from "./ui";
import { useSubmit } from "@/lib/use-action";

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SECRET_MIN_LENGTH = 16;

/**
 * The "New target" form: a name (a slug), the URL pushes go to, and a secret
 * of the operator's, or none to have one generated. The API's objections
 * (a URL that is not http(s) or holds credentials, a taken name) are shown at
 * their field.
 */
export function NotifyTargetCreate({ onCreated, onCancel }: { onCreated(target: CreatedNotifyTarget): void; onCancel(): void }) {
  const { client } = useConsole();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState("");
  const [enabled, setEnabled] = useState(true);
  const { busy, error, fields, setFields, submit: send } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!NAME.test(name.trim())) problems.name = "Lower-case letters, digits, - and _, starting with a letter or digit (at most 64).";
    if (!url.trim()) problems.url = "Type the URL pushes go to.";
    if (secret && secret.length < SECRET_MIN_LENGTH) problems.secret = `At least ${SECRET_MIN_LENGTH} characters, or leave it empty to have one generated.`;
    if (Object.keys(problems).length) {
      setFields(problems);
      return;
    }
    void send(async () => onCreated(await client.settings.notifyTargets.create({ name: name.trim(), url: url.trim(), enabled, ...(secret ? { secret } : {}) })));
  }

  return (
    <CreateForm
      titleId="new-notify-target-title"
      title="New notify target"
      description="A service that receives the platform settings as a signed POST whenever you push them."
      error={error}
      errorTitle="Target not registered"
      busy={busy}
      submitLabel="Register target"
      busyLabel="Registering…"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField
          id="notify-target-name"
          label="Name"
          error={fields.name}
          hint="A short slug, e.g. pryv-core."
          autoFocus
          autoComplete="off"
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          id="notify-target-url"
          label="URL"
          error={fields.url}
          hint="http:// or https://, without credentials. Redirects are not followed."
          type="url"
          placeholder="https://core.example.org/steward/settings"
          autoComplete="off"
          maxLength={2048}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <TextField
          id="notify-target-secret"
          label="Secret (optional)"
          error={fields.secret}
          hint="Leave it empty to have a strong one generated; either way it is shown once."
          type="password"
          autoComplete="new-password"
          maxLength={256}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <div className="field field-check">
          <label className="check">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            Enabled
          </label>
          <span className="hint">Disabled targets receive no pushes.</span>
        </div>
      </div>
    </CreateForm>
  );
}
