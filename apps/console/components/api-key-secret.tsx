"use client";

import type { CreatedApiKey } from "@steward/client";
import { CopyField } from "./copy-button";
import { XIcon } from "./icons";
import { Alert } from "./ui";
import { compactPermissions, presetOf } from "@/lib/api-keys";
import { formatDateTime } from "@/lib/format";

/**
 * A new key's secret, shown this once (the API keeps only its hash), with a
 * copy button and where to send it: the API server's paths, not the console's.
 */
export function ApiKeySecret({ apiKey, onClose }: { apiKey: CreatedApiKey; onClose(): void }) {
  const preset = presetOf(apiKey.permissions);
  return (
    <section className="card" aria-labelledby="api-key-secret-title" data-testid="api-key-panel">
      <div className="card-header">
        <div>
          <h2 id="api-key-secret-title">API key created: {apiKey.name}</h2>
          <p>{preset ? preset.label : compactPermissions(apiKey.permissions)}</p>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label="Close the new API key">
          <XIcon />
          Close
        </button>
      </div>
      <div className="card-body stack">
        <Alert tone="warning" title="Copy the key now: you will not see it again">
          Steward keeps only a fingerprint of it. If it is lost, revoke this key and make a new one.
        </Alert>
        <CopyField
          id="api-key-secret"
          label="Secret key"
          value={apiKey.key}
          what="key"
          testId="api-key-secret"
          hint="Whoever has it can do what it allows, until it expires or is revoked: keep it in a secret store."
        />
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
      </div>
    </section>
  );
}
