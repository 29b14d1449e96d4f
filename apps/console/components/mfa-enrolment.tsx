"use client";

import type { MfaEnrolment } from "@steward/client";
import { CopyField } from "./copy-button";
import { MfaCodeForm } from "./mfa-code-form";
import { QrCode } from "./qr-code";
import { Alert } from "./ui";

/**
 * An enrolment in progress: the QR code of the `otpauth://` URI for the app
 * to scan, the secret (shown this once) to type where scanning is not
 * possible, and the app's first code to confirm it.
 */
export function MfaEnrolmentPanel({
  enrolment,
  onConfirm,
  onCancel,
}: {
  enrolment: MfaEnrolment;
  onConfirm(code: string): Promise<void>;
  onCancel(): void;
}) {
  return (
    <div className="stack" data-testid="mfa-enrolment">
      <Alert tone="warning" title="This secret is shown once">
        Scan the QR code with an authenticator app (or type the secret into it), then enter the code it shows. Until you do, nothing
        changes at sign-in.
      </Alert>
      <div className="invite-link">
        <div className="stack">
          <CopyField
            id="mfa-secret"
            label="Secret key"
            value={enrolment.secret}
            what="secret"
            testId="mfa-secret"
            hint={`For ${enrolment.account} at ${enrolment.issuer}: time-based (TOTP), 6 digits, every 30 seconds. Whoever has it can make your codes.`}
          />
          <MfaCodeForm
            id="mfa-enrol-code"
            title="Confirm two-factor sign-in"
            hint="The 6-digit code your authenticator app shows now."
            submitLabel="Turn on"
            busyLabel="Checking…"
            onSubmit={onConfirm}
            onCancel={onCancel}
          />
        </div>
        <figure className="qr-figure">
          <QrCode text={enrolment.otpauthUri} label="QR code for your authenticator app" />
          <figcaption>Scan with your authenticator app</figcaption>
        </figure>
      </div>
    </div>
  );
}
