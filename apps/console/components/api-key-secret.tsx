"use client";

import type { CreatedApiKey } from "@steward/client";
import { SecretShownOnce } from "./secret-shown-once";
import { compactPermissions, presetOf } from "@/lib/api-keys";
import { formatDateTime } from "@/lib/format";

/**
 * A new key's secret, shown this once (the API keeps only its hash), with a
 * copy button and where to send it: the API server's paths, not the console's.
 */
export function ApiKeySecret({ apiKey, onClose }: { apiKey: CreatedApiKey; onClose(): void }) {
  const preset = presetOf(apiKey.permissions);
  return (
    <SecretShownOnce
      id="api-key"
      title={`API key created: ${apiKey.name}`}
      subtitle={preset ? preset.label : compactPermissions(apiKey.permissions)}
      closeLabel="Close the new API key"
      alertTitle="Copy the key now: you will not see it again"
      alertText="Steward keeps only a fingerprint of it. If it is lost, revoke this key and make a new one."
      secret={{
        label: "Secret key",
        value: apiKey.key,
        what: "key",
        hint: "Whoever has it can do what it allows, until it expires or is revoked: keep it in a secret store.",
      }}
      onClose={onClose}
    >
      <dl className="props">
        <dt>Send it as</dt>
        <dd className="mono">Authorization: Bearer &lt;key&gt;</dd>
        <dt>To</dt>
        <dd>
          {preset ? (
            <>
              <span className="mono">{preset.basePath}</span> on the Steward API server (not this console). {preset.usage}
            </>
          ) : (
            <>
              The Steward API server (not this console): <span className="mono">/api/v1</span>, or a compatibility API:{" "}
              <span className="mono">/api/application</span> (Pterodactyl), <span className="mono">/admin_api</span> (Prosody),{" "}
              <span className="mono">/api/pleroma/admin</span> (Pleroma).
            </>
          )}
        </dd>
        <dt>Expires</dt>
        <dd>{apiKey.expiresAt ? formatDateTime(apiKey.expiresAt) : "Never"}</dd>
      </dl>
    </SecretShownOnce>
  );
}
