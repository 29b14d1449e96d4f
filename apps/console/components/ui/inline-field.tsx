import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldError } from "./field-error";

/**
 * A one-field form's row: the input (its label read by screen readers only),
 * then `children` (the submit button), and the field's error under them, at
 * `<id>-error`. Other props go to the input.
 */
export function InlineField({
  id,
  label,
  error,
  children,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "className" | "children"> & {
  id: string;
  label: string;
  error: string | null;
  children: ReactNode;
}) {
  const errorId = `${id}-error`;
  return (
    <>
      <div className="grant-row">
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <input
          id={id}
          className="input"
          {...input}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {children}
      </div>
      <FieldError id={errorId} message={error ?? undefined} />
    </>
  );
}
