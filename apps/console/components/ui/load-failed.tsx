import Link from "next/link";
import { capitalize } from "@/lib/format";
import { ChevronLeft } from "../icons";

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
