"use client";

import type { CreatedSharedAccessToken } from "@steward/client";
import { SecretShownOnce } from "./secret-shown-once";
import { TokenPermissionChips } from "./token-permission-chips";
import { formatDateTime } from "@/lib/format";

/** A new shared token's secret, shown this once (Steward keeps only its hash), with a copy button. */
export function SharedTokenSecret({ token, onClose }: { token: CreatedSharedAccessToken; onClose(): void }) {
  return (
    <SecretShownOnce
      id="shared-token"
      title={`Token created: ${token.name}`}
      subtitle={token.expiresAt ? `Works until ${formatDateTime(token.expiresAt)}.` : "Works until you delete it."}
      closeLabel="Close the new token"
      alertTitle="Copy the token now: it will not be shown again"
      alertText="Steward keeps only a fingerprint of it. If it is lost, delete this token and make a new one."
      secret={{
        label: "Secret token",
        value: token.token,
        what: "token",
        hint: "Whoever has it reaches what it grants, until it expires or you delete it: hand it over privately.",
      }}
      onClose={onClose}
    >
      <div className="field">
        <span className="label">Grants</span>
        <TokenPermissionChips permissions={token.permissions} />
      </div>
    </SecretShownOnce>
  );
}
