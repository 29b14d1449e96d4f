import Link from "next/link";
import type { FormEvent, InputHTMLAttributes, ReactNode } from "react";
import type { Page, User } from "@steward/client";
import { capitalize, initialsOf, rangeLabel } from "@/lib/format";
import type { CursorPages } from "@/lib/paging";
import { AlertIcon, CheckIcon, ChevronLeft, ChevronRight, SearchIcon, XIcon } from "./icons";

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

/** What a write came to: its notice (`noticeTestId` marks it) and its error (under `errorTitle`), each when there is one. */
export function WriteOutcome({
  notice,
  noticeTestId,
  error,
  errorTitle,
}: {
  notice: ReactNode;
  noticeTestId?: string;
  error: string | null;
  errorTitle?: string;
}) {
  return (
    <>
      {notice ? (
        <Alert tone="success" testId={noticeTestId}>
          {notice}
        </Alert>
      ) : null}
      {error ? (
        <Alert tone="error" title={errorTitle}>
          {error}
        </Alert>
      ) : null}
    </>
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

/**
 * Previous / Next for a cursor-paged list, with the range shown and an
 * optional page size. `onlyWhenPaged` (a short list in a card) draws nothing
 * while everything fits on the first page.
 */
export function Pager({
  paging,
  page,
  limit,
  loading,
  pageSize,
  onlyWhenPaged,
}: {
  paging: CursorPages;
  page: Page<unknown> | null;
  limit: number;
  loading: boolean;
  pageSize?: { id: string; options: readonly number[]; onChange(value: number): void };
  onlyWhenPaged?: boolean;
}) {
  if (onlyWhenPaged && paging.pageIndex === 0 && (page?.total ?? 0) <= limit) return null;
  return (
    <div className="pager">
      <span>{rangeLabel(paging.pageIndex, limit, page?.data.length ?? 0, page?.total ?? 0)}</span>
      <div className="pager-controls">
        {pageSize ? (
          <>
            <label htmlFor={pageSize.id} className="muted">
              Rows per page
            </label>
            <select id={pageSize.id} className="select" value={limit} onChange={(e) => pageSize.onChange(Number(e.target.value))}>
              {pageSize.options.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={paging.previous} disabled={paging.pageIndex === 0 || loading}>
          <ChevronLeft />
          Previous
        </button>
        <button type="button" className="btn btn-sm" onClick={() => paging.next(page?.nextCursor)} disabled={!page?.nextCursor || loading}>
          Next
          <ChevronRight />
        </button>
      </div>
    </div>
  );
}

/**
 * The table of a paged list: the loading bar, the load error (when `loadError`
 * is given here rather than shown elsewhere), the column heads (after `select`,
 * a first head such as a select-all checkbox, and with a last, unnamed one for
 * row actions), the rows, and `empty` when the page has none.
 */
export function ListTable({
  columns,
  select,
  actions,
  page,
  loading,
  loadError,
  empty,
  children,
}: {
  columns: readonly string[];
  select?: ReactNode;
  actions?: boolean;
  page: { data: readonly unknown[] } | null;
  loading: boolean;
  loadError?: { title: string; message: string | null };
  empty: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <div className={`loading-bar${loading ? " active" : ""}`} aria-hidden />
      {loadError?.message ? (
        <div className="pad">
          <Alert tone="error" title={loadError.title}>
            {loadError.message}
          </Alert>
        </div>
      ) : null}
      <div className={`table-wrap${loading && page ? " is-loading" : ""}`} aria-busy={loading}>
        <table className="data">
          <thead>
            <tr>
              {select ? <th className="cell-select">{select}</th> : null}
              {columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
              {actions ? (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
        {page && page.data.length === 0 ? <div className="empty">{empty}</div> : null}
      </div>
    </>
  );
}

/** A list page's title, its total (`totalTestId` marks it) with what follows it, and an action. */
export function ListHeader({
  title,
  total,
  totalTestId,
  after,
  action,
}: {
  title: string;
  /** The count, once the first page is in. */
  total: string | null;
  totalTestId: string;
  after?: string;
  action?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        <p aria-live="polite">
          <span data-testid={totalTestId}>{total ?? "\u00a0"}</span>
          {total === null ? "" : (after ?? "")}
        </p>
      </div>
      {action}
    </div>
  );
}

/** The search box at the start of a list's toolbar. */
export function SearchBox({
  id,
  label,
  placeholder,
  value,
  onChange,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <div className="input-icon search">
      <SearchIcon />
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        type="search"
        className="input"
        placeholder={placeholder}
        value={value}
        maxLength={100}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** A select over a fixed list of choices, its label read by screen readers only unless `labelShown`. */
export function ChoiceSelect<V extends string>({
  id,
  label,
  labelShown,
  value,
  choices,
  onChange,
}: {
  id: string;
  label: string;
  labelShown?: boolean;
  value: V;
  choices: readonly { value: V; label: string }[];
  onChange(value: V): void;
}) {
  return (
    <>
      <label className={labelShown ? "muted" : "sr-only"} htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value as V)}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </>
  );
}

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

/** Matches offered under a search box, each with Add (or `pickLabel`). */
export function Suggestions<T extends { id: string }>({
  label,
  items,
  disabled,
  pickLabel = "Add",
  onPick,
  children,
}: {
  label: string;
  items: readonly T[];
  disabled?: boolean;
  pickLabel?: string;
  onPick(item: T): void;
  /** What the suggestion shows of an item. */
  children(item: T): ReactNode;
}) {
  return (
    <ul className="suggestions" aria-label={label}>
      {items.map((item) => (
        <li key={item.id}>
          <button type="button" className="suggestion" disabled={disabled} onClick={() => onPick(item)}>
            {children(item)}
            <span className="suggestion-action">{pickLabel}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A detail page whose record could not be read: not found (404, or a malformed id: 400) or another error, and a way back. */
export function LoadFailed({
  what,
  error,
  backHref,
  backLabel,
}: {
  what: string;
  error: { status?: number; message: string };
  backHref: string;
  backLabel: string;
}) {
  const missing = error.status === 404 || error.status === 400;
  return (
    <div className="card">
      <div className="empty">
        <strong>{missing ? `${capitalize(what)} not found` : `Could not load this ${what}`}</strong>
        {error.message}
        <div>
          <Link href={backHref} className="btn">
            <ChevronLeft />
            {backLabel}
          </Link>
        </div>
      </div>
    </div>
  );
}

/** A row's Remove / Revoke button (an X and a word). */
export function RowRemoveButton({
  label,
  ariaLabel,
  disabled,
  onClick,
}: {
  label: string;
  ariaLabel: string;
  disabled: boolean;
  onClick(): void;
}) {
  return (
    <button type="button" className="btn btn-ghost btn-sm" disabled={disabled} onClick={onClick} aria-label={ariaLabel}>
      <XIcon />
      {label}
    </button>
  );
}
