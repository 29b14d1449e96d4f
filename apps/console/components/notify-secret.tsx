"use client";

import { CopyField } from "./copy-button";
import { XIcon } from "./icons";
import { Alert } from "./ui";

/**
 * A target's signing secret, shown this once (after it was made or rotated),
 * with a copy button and what the receiver does with it.
 */
export function NotifySecret({ name, secret, rotated, onClose }: { name: string; secret: string; rotated: boolean; onClose(): void }) {
  return (
    <section className="card" aria-labelledby="notify-secret-title" data-testid="notify-secret-panel">
      <div className="card-header">
        <div>
          <h2 id="notify-secret-title">{rotated ? `New secret for ${name}` : `Target registered: ${name}`}</h2>
          <p>{rotated ? "The old secret no longer signs pushes: give the receiver this one." : "Give the receiver this secret to check the pushes it gets."}</p>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label="Close the secret">
          <XIcon />
          Close
        </button>
      </div>
      <div className="card-body stack">
        <Alert tone="warning" title="Copy the secret now: you will not see it again">
          Steward keeps it encrypted and never shows it again. If it is lost, rotate it.
        </Alert>
        <CopyField
          id="notify-secret"
          label="Signing secret"
          value={secret}
          what="secret"
          testId="notify-secret"
          hint="Whoever has it can forge pushes to this receiver: keep it in a secret store."
        />
        <dl className="props">
          <dt>Header</dt>
          <dd className="mono">Steward-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, &quot;&lt;t&gt;.&lt;body&gt;&quot;)&gt;</dd>
          <dt>Receiver</dt>
          <dd>Compute the HMAC over the raw body as received, compare, and refuse a <span className="mono">t</span> more than 5 minutes old.</dd>
        </dl>
      </div>
    </section>
  );
}
