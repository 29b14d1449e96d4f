import type { ReactNode } from "react";
import type { User } from "@steward/client";
import { initialsOf } from "@/lib/format";
import { AlertIcon, CheckIcon } from "./icons";

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
