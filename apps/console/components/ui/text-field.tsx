import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldError } from "./field-error";

/**
 * A labelled text input with its error (and, while there is no error, its
 * hint). `errorId` defaults to `<id>-error`; other props go to the input.
 */
export function TextField({
  id,
  label,
  error,
  errorId = `${id}-error`,
  hint,
  className,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "className"> & {
  id: string;
  label: ReactNode;
  error?: string;
  errorId?: string;
  hint?: ReactNode;
  className?: string;
}) {
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <FieldError id={errorId} message={error} />
      {hint && !error ? <span className="hint">{hint}</span> : null}
    </div>
  );
}
