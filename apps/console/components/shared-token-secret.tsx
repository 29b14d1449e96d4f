"use client";

import type { CreatedSharedAccessToken } from "@steward/client";
import { CopyField } from "./copy-button";
import { XIcon } from "./icons";
import { TokenPermissionChips } from "./token-permission-chips";
import { Alert } from "./ui";
import { formatDateTime } from "@/lib/format";

/** A new shared token's secret, shown this once (Steward keeps only its hash), with a copy button. */
export function SharedTokenSecret({ token, onClose }: { token: CreatedSharedAccessToken; onClose(): void }) {
  return (
    <section className="card" aria-labelledby="shared-token-secret-title" data-testid="shared-token-panel">
      <div className="card-header">
        <div>
          <h2 id="shared-token-secret-title">Token created: {token.name}</h2>
          <p>{token.expiresAt ? `Works until ${formatDateTime(token.expiresAt)}.` : "Works until you delete it."}</p>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label="Close the new token">
          <XIcon />
          Close
        </button>
      </div>
      <div className="card-body stack">
        <Alert tone="warning" title="Copy the token now: it will not be shown again">
          Steward keeps only a fingerprint of it. If it is lost, delete this token and make a new one.
        </Alert>
        <CopyField
          id="shared-token-secret"
          label="Secret token"
          value={token.token}
          what="token"
          testId="shared-token-secret"
          hint="Whoever has it reaches what it grants, until it expires or you delete it: hand it over privately."
        />
        <div className="field">
          <span className="label">Grants</span>
          <TokenPermissionChips permissions={token.permissions} />
        </div>
      </div>
    </section>
  );
}
