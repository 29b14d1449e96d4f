import Link from "next/link";
import { ChevronLeft, ShieldIcon } from "./icons";

/** In place of a page the signed-in operator may not read: what it is, and a way back. */
export function NoAccess({ section, startPage }: { section: string; startPage: string }) {
  return (
    <div className="card" data-testid="no-access">
      <div className="empty">
        <ShieldIcon width={28} height={28} className="faint" />
        <strong>{section} is not open to your account</strong>
        Your roles do not include reading this page. An administrator can grant it.
        <div>
          <Link href={startPage} className="btn">
            <ChevronLeft />
            Back to the console
          </Link>
        </div>
      </div>
    </div>
  );
}
