"use client";

import { CopyButton } from "./copy-button";
import { Alert } from "./ui";

/**
 * New recovery codes, shown this once (the API keeps only their hashes):
 * each signs in once in place of the app's code. Copy them, then say so.
 */
export function MfaRecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  return (
    <div className="stack">
      <Alert tone="warning" title="Save your recovery codes now: you will not see them again">
        If you lose your authenticator app, each of these signs you in once. Keep them somewhere safe, apart from your phone.
      </Alert>
      <ol className="recovery-codes mono" data-testid="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="grant-row flush-top">
        <CopyButton text={codes.join("\n")} what="codes" />
        <button type="button" className="btn btn-primary" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </div>
  );
}
