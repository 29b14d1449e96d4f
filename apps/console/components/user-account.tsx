import type { User } from "@steward/client";
import { formatDateTime } from "@/lib/format";

/** A user's account facts: ids, origin, two-factor sign-in, last sign-in, when made and changed. */
export function UserAccount({ user }: { user: User }) {
  return (
    <section className="card" aria-labelledby="account-title">
      <div className="card-header">
        <h2 id="account-title">Account</h2>
      </div>
      <div className="card-body">
        <dl className="props">
          <dt>ID</dt>
          <dd className="mono">{user.id}</dd>
          <dt>Number</dt>
          <dd>{user.numericId}</dd>
          <dt>Username</dt>
          <dd>{user.username}</dd>
          <dt>Origin</dt>
          <dd>{user.local ? "Local account" : `Remote (${user.domain})`}</dd>
          <dt>MFA</dt>
          <dd>{user.mfaEnabled ? <span className="badge badge-success">Enabled</span> : <span className="muted">Off</span>}</dd>
          <dt>Last sign-in</dt>
          <dd>{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : <span className="muted">Never</span>}</dd>
          <dt>Created</dt>
          <dd>{formatDateTime(user.createdAt)}</dd>
          <dt>Updated</dt>
          <dd>{formatDateTime(user.updatedAt)}</dd>
        </dl>
      </div>
    </section>
  );
}
