import type { ReactNode } from "react";
import { AlertIcon, CheckIcon } from "../icons";

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
