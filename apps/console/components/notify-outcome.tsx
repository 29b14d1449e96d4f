import type { NotifyPushOutcome } from "@steward/client";

/** How a push to one target went: Delivered (with the status) or Failed (with why). */
export function NotifyOutcome({ outcome, testId }: { outcome: Pick<NotifyPushOutcome, "ok" | "httpStatus" | "error">; testId?: string }) {
  return outcome.ok ? (
    <span className="badge badge-dot badge-success" data-testid={testId}>
      Delivered{outcome.httpStatus === null ? "" : ` · ${outcome.httpStatus}`}
    </span>
  ) : (
    <span className="badge badge-dot badge-danger" data-testid={testId} title={outcome.error ?? undefined}>
      Failed{outcome.error ? ` · ${outcome.error}` : ""}
    </span>
  );
}
