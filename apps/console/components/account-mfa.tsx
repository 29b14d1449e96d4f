"use client";

import { useState } from "react";
import type { MfaEnrolment } from "@steward/client";
import { useConsole } from "./console-context";
import { MfaCodeForm } from "./mfa-code-form";
import { MfaEnrolmentPanel } from "./mfa-enrolment";
import { MfaRecoveryCodes } from "./mfa-recovery-codes";
import { Alert, Spinner, WriteOutcome } from "./ui";
import { countOf } from "@/lib/format";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

/** What the card shows besides the state: an enrolment, codes to save, or a form asking for a code. */
type Step = { kind: "idle" } | { kind: "enrolling"; enrolment: MfaEnrolment } | { kind: "codes"; codes: string[] } | { kind: "regenerate" } | { kind: "disable" };

/**
 * The signed-in operator's two-factor sign-in (TOTP): set it up (QR code and
 * secret, confirmed by the app's code), its recovery codes shown once, new
 * ones, and turning it off. Each change that needs a code asks for one here.
 */
export function AccountMfa() {
  const { client } = useConsole();
  const { page: status, error: loadError, reload } = usePage(() => client.auth.mfa.status(), [client]);
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const starting = useAction();

  const start = () =>
    starting.run(async () => {
      setStep({ kind: "enrolling", enrolment: await client.auth.mfa.startEnrolment() });
    });
  const showCodes = (codes: string[]) => {
    setStep({ kind: "codes", codes });
    reload();
  };

  return (
    <section className="card" aria-labelledby="mfa-title" data-testid="mfa-card">
      <div className="card-header">
        <div>
          <h2 id="mfa-title">Two-factor sign-in</h2>
          <p>A code from an authenticator app on your phone, asked for at every sign-in after your password.</p>
        </div>
        {status ? (
          <span className={status.enabled ? "badge badge-success" : "badge badge-outline"} data-testid="mfa-state">
            {status.enabled ? "On" : "Off"}
          </span>
        ) : null}
      </div>
      <div className="card-body stack">
        {loadError ? (
          <Alert tone="error" title="Could not read your two-factor sign-in">
            {loadError}
          </Alert>
        ) : null}
        {!status && !loadError ? <Spinner label="Loading" /> : null}
        <WriteOutcome notice={starting.notice} noticeTestId="mfa-notice" error={starting.error} errorTitle="Not done" />
        {status && step.kind === "enrolling" ? (
          <MfaEnrolmentPanel
            enrolment={step.enrolment}
            onConfirm={async (code) => showCodes((await client.auth.mfa.confirmEnrolment(code)).recoveryCodes)}
            onCancel={() => setStep({ kind: "idle" })}
          />
        ) : null}
        {status && step.kind === "codes" ? <MfaRecoveryCodes codes={step.codes} onDone={() => setStep({ kind: "idle" })} /> : null}
        {status && step.kind === "regenerate" ? (
          <MfaCodeForm
            id="mfa-regenerate-code"
            title="New recovery codes"
            hint="The 6-digit code your authenticator app shows now. Your current recovery codes stop working."
            submitLabel="Make new codes"
            busyLabel="Making…"
            onSubmit={async (code) => showCodes((await client.auth.mfa.regenerateRecoveryCodes(code)).recoveryCodes)}
            onCancel={() => setStep({ kind: "idle" })}
          />
        ) : null}
        {status && step.kind === "disable" ? (
          <MfaCodeForm
            id="mfa-disable-code"
            title="Turn off two-factor sign-in"
            hint="The code your authenticator app shows now, or one of your recovery codes. Your password alone will sign you in."
            submitLabel="Turn off"
            busyLabel="Turning off…"
            danger
            onSubmit={async (code) => {
              await client.auth.mfa.disable(code);
              setStep({ kind: "idle" });
              starting.setNotice("Two-factor sign-in is off.");
              reload();
            }}
            onCancel={() => setStep({ kind: "idle" })}
          />
        ) : null}
        {status && step.kind === "idle" ? (
          status.enabled ? (
            <>
              <p className="flush" data-testid="mfa-summary">
                On. {countOf(status.recoveryCodesLeft, "recovery code")} left.
              </p>
              <div className="grant-row flush-top">
                <button type="button" className="btn" onClick={() => setStep({ kind: "regenerate" })}>
                  New recovery codes
                </button>
                <button type="button" className="btn btn-danger" onClick={() => setStep({ kind: "disable" })}>
                  Turn off
                </button>
              </div>
            </>
          ) : (
            <div>
              <button type="button" className="btn btn-primary" disabled={starting.busy} onClick={() => void start()}>
                {starting.busy ? "Starting…" : "Set up two-factor sign-in"}
              </button>
            </div>
          )
        ) : null}
      </div>
    </section>
  );
}
