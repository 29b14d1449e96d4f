"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Alert } from "./alert";

/**
 * The question asked before a risky action: a modal dialog (the page behind
 * it is inert) naming what happens, with the action's own button and Cancel.
 * Escape or Cancel closes it (not while the action runs). Focus starts on
 * Cancel, the harmless choice, and returns where it was when the dialog goes.
 * A failure is said inside it (`error`), so the operator sees why and can try
 * again or cancel. `tone`: `danger` for what removes or takes away,
 * `primary` for a change that gives (granting a role).
 */
export function Confirm({
  title,
  children,
  confirmLabel,
  busyLabel,
  busy,
  onConfirm,
  onCancel,
  testId,
  error,
  errorTitle,
  tone = "danger",
}: {
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
  error?: string | null;
  errorTitle?: string;
  tone?: "danger" | "primary";
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    cancel.current?.focus();
    // Escape: the page decides whether the dialog goes (it stays while the action runs).
    const onEscape = (event: Event) => {
      event.preventDefault();
      if (!busyRef.current) onCancelRef.current();
    };
    element.addEventListener("cancel", onEscape);
    return () => {
      element.removeEventListener("cancel", onEscape);
      if (element.open) element.close();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={children ? `${id}-body` : undefined}
      data-testid={testId}
    >
      <div className="confirm-body">
        <h2 id={`${id}-title`}>{title}</h2>
        {children ? (
          <div id={`${id}-body`} className="confirm-text">
            {children}
          </div>
        ) : null}
        {error ? (
          <Alert tone="error" title={errorTitle}>
            {error}
          </Alert>
        ) : null}
      </div>
      <div className="confirm-actions">
        <button ref={cancel} type="button" className="btn" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className={tone === "danger" ? "btn btn-danger-solid" : "btn btn-primary"}
          disabled={busy}
          aria-busy={busy || undefined}
          onClick={onConfirm}
        >
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
