import type { ReactNode } from "react";
import type { User } from "@steward/client";
import { initialsOf } from "@/lib/format";
import { AlertIcon, CheckIcon, ChevronLeft, ChevronRight } from "./icons";

export function Alert({
  tone,
  title,
  children,
  actions,
  testId,
}: {
  tone: "error" | "warning" | "success" | "info";
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`alert alert-${tone}`} role={tone === "error" || tone === "warning" ? "alert" : "status"} data-testid={testId}>
      {tone === "success" ? <CheckIcon /> : <AlertIcon />}
      <div>
        {title ? <strong>{title}</strong> : null}
        {children ? <p>{children}</p> : null}
        {actions ? <div className="alert-actions">{actions}</div> : null}
      </div>
    </div>
  );
}

export function StatusBadge({ status }: { status: User["status"] }) {
  return status === "active" ? (
    <span className="badge badge-dot badge-success">Active</span>
  ) : (
    <span className="badge badge-dot badge-danger">Deactivated</span>
  );
}

export function Avatar({ user, large }: { user: User; large?: boolean }) {
  return (
    <span className={`avatar${large ? " avatar-lg" : ""}`} aria-hidden>
      {initialsOf(user)}
    </span>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

export function Spinner({ label = "Loading" }: { label?: string }) {
  return (
    <div className="centered" role="status" aria-live="polite">
      <div className="spinner" />
      <span className="sr-only">{label}</span>
    </div>
  );
}

/** Previous / Next for a cursor-paged list, with the range shown and an optional page size. */
export function Pager({
  label,
  pageIndex,
  hasNext,
  loading,
  onPrevious,
  onNext,
  pageSize,
}: {
  label: string;
  pageIndex: number;
  hasNext: boolean;
  loading: boolean;
  onPrevious(): void;
  onNext(): void;
  pageSize?: { id: string; value: number; options: readonly number[]; onChange(value: number): void };
}) {
  return (
    <div className="pager">
      <span>{label}</span>
      <div className="pager-controls">
        {pageSize ? (
          <>
            <label htmlFor={pageSize.id} className="muted">
              Rows per page
            </label>
            <select
              id={pageSize.id}
              className="select"
              value={pageSize.value}
              onChange={(e) => pageSize.onChange(Number(e.target.value))}
            >
              {pageSize.options.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={onPrevious} disabled={pageIndex === 0 || loading}>
          <ChevronLeft />
          Previous
        </button>
        <button type="button" className="btn btn-sm" onClick={onNext} disabled={!hasNext || loading}>
          Next
          <ChevronRight />
        </button>
      </div>
    </div>
  );
}

/** A question asked before a destructive action: the action and Cancel. */
export function Confirm({
  title,
  children,
  confirmLabel,
  busyLabel,
  busy,
  onConfirm,
  onCancel,
  testId,
}: {
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
}) {
  return (
    <Alert
      tone="warning"
      title={title}
      testId={testId}
      actions={
        <>
          <button type="button" className="btn btn-danger-solid btn-sm" disabled={busy} onClick={onConfirm}>
            {busy ? busyLabel : confirmLabel}
          </button>
          <button type="button" className="btn btn-sm" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        </>
      }
    >
      {children}
    </Alert>
  );
}
