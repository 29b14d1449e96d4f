import type { FormEvent, ReactNode } from "react";
import { Alert } from "./alert";

/**
 * The card of a "New …" form: title and description, the error when creating
 * failed, the fields, and Cancel / Create (both off while busy).
 */
export function CreateForm({
  titleId,
  title,
  description,
  error,
  errorTitle,
  busy,
  submitLabel,
  busyLabel = "Creating…",
  onSubmit,
  onCancel,
  children,
}: {
  titleId: string;
  title: string;
  description: ReactNode;
  error: string | null;
  errorTitle: string;
  busy: boolean;
  submitLabel: string;
  busyLabel?: string;
  onSubmit(event: FormEvent): void;
  onCancel(): void;
  children: ReactNode;
}) {
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
      <div className="card-header">
        <div>
          <h2 id={titleId}>{title}</h2>
          <p>{description}</p>
        </div>
      </div>
      <div className="card-body stack">
        {error ? <Alert tone="error" title={errorTitle}>{error}</Alert> : null}
        {children}
      </div>
      <div className="card-footer">
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
