import Link from "next/link";
import { MailIcon } from "./icons";

/** Settings kept on pages of their own, under /settings. */
export function SettingsLinks() {
  return (
    <section className="card" aria-labelledby="more-settings-title">
      <div className="card-header">
        <div>
          <h2 id="more-settings-title">More settings</h2>
          <p>Kept on pages of their own.</p>
        </div>
      </div>
      <div className="card-body">
        {/* Not prefetched: the page is another part of the console, built on its own. */}
        <Link href="/settings/notify" className="btn" prefetch={false}>
          <MailIcon />
          Notifications
        </Link>
      </div>
    </section>
  );
}
