"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { Alert, TextField } from "./ui";
import { fieldMessageOf } from "@/lib/errors";
import { useAction } from "@/lib/use-action";

/**
 * Asks for a two-factor code (the app's, or a recovery code where `hint`
 * says so) before a change that needs one, and sends it with `onSubmit`.
 * The API's refusal (a wrong or used code, too many attempts) is shown here.
 */
export function MfaCodeForm({
  id,
  title,
  hint,
  submitLabel,
  busyLabel,
  danger,
  onSubmit,
  onCancel,
  children,
}: {
  id: string;
  title: string;
  hint: ReactNode;
  submitLabel: string;
  busyLabel: string;
  danger?: boolean;
  onSubmit(code: string): Promise<void>;
  onCancel(): void;
  children?: ReactNode;
}) {
  const [code, setCode] = useState("");
  const sending = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    void sending.run(async () => {
      try {
        await onSubmit(code.trim());
      } catch (err) {
        throw new Error(fieldMessageOf(err, "code"));
      }
    });
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={title}>
      {children}
      {sending.error ? (
        <Alert tone="error" title={`${title}: not done`}>
          {sending.error}
        </Alert>
      ) : null}
      <TextField
        id={id}
        name="code"
        label="Two-factor code"
        hint={hint}
        autoComplete="one-time-code"
        autoFocus
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <div className="grant-row flush-top">
        <button type="submit" className={danger ? "btn btn-danger-solid" : "btn btn-primary"} disabled={sending.busy || !code.trim()}>
          {sending.busy ? busyLabel : submitLabel}
        </button>
        <button type="button" className="btn" disabled={sending.busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
