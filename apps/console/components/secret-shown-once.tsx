"use client";

import type { ReactNode } from "react";
import { CopyField } from "./copy-button";
import { XIcon } from "./icons";
import { Alert } from "./ui";

export interface SecretShownOnceProps {
  /** Prefix of the card's ids and test ids (`api-key` → `api-key-secret-title`, `api-key-panel`, `api-key-secret`). */
  id: string;
  title: string;
  subtitle: ReactNode;
  /** The close button's accessible name. */
  closeLabel: string;
  alertTitle: string;
  alertText: string;
  secret: { label: string; value: string; what: string; hint: string };
  onClose(): void;
  /** What else to say about it, under the secret. */
  children?: ReactNode;
}

/** A new secret, shown this once (Steward keeps only its hash), with a warning and a copy button: API keys and shared tokens. */
export function SecretShownOnce({ id, title, subtitle, closeLabel, alertTitle, alertText, secret, onClose, children }: SecretShownOnceProps) {
  return (
    <section className="card" aria-labelledby={`${id}-secret-title`} data-testid={`${id}-panel`}>
      <div className="card-header">
        <div>
          <h2 id={`${id}-secret-title`}>{title}</h2>
          <p>{subtitle}</p>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label={closeLabel}>
          <XIcon />
          Close
        </button>
      </div>
      <div className="card-body stack">
        <Alert tone="warning" title={alertTitle}>
          {alertText}
        </Alert>
        <CopyField id={`${id}-secret`} label={secret.label} value={secret.value} what={secret.what} testId={`${id}-secret`} hint={secret.hint} />
        {children}
      </div>
    </section>
  );
}
