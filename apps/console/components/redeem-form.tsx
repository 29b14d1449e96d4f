"use client";

import { useState, type FormEvent } from "react";
import type { Invitation, Redemption, StewardClient } from "@steward/client";
import { Alert, FieldError } from "./ui";
import { invitationProblem, type InvitationProblem } from "@/lib/invitations";

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 256;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Redeems an invitation: a username (unless it is a reset, or the invite
 * names one, shown fixed) and a password typed twice. `onFinal` gets a
 * problem that ends the link (expired, used, revoked meanwhile).
 */
export function RedeemForm({
  token,
  invitation,
  client,
  onDone,
  onFinal,
}: {
  token: string;
  invitation: Invitation;
  client: StewardClient;
  onDone(redemption: Redemption): void;
  onFinal(problem: InvitationProblem): void;
}) {
  const isReset = invitation.kind === "reset";
  const fixedUsername = invitation.username;
  const [username, setUsername] = useState(fixedUsername ?? "");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<InvitationProblem | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  function check(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!isReset) {
      const name = username.trim();
      if (!name) out.username = "Choose a username.";
      else if (name.length > 64 || !USERNAME.test(name)) out.username = "Use letters, digits, dot, dash and underscore; start with a letter or digit.";
    }
    if (password.length < MIN_PASSWORD) out.password = `At least ${MIN_PASSWORD} characters.`;
    else if (password.length > MAX_PASSWORD) out.password = `At most ${MAX_PASSWORD} characters.`;
    if (!out.password && confirm !== password) out.confirm = "The two passwords differ.";
    return out;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = check();
    setFields(local);
    setProblem(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      onDone(await client.invitations.redeem(token, isReset ? { password } : { username: username.trim(), password }));
    } catch (error) {
      const found = invitationProblem(error);
      if (found.final) {
        onFinal(found);
        return;
      }
      setProblem(found);
      setFields(found.fields);
      setBusy(false);
    }
  }

  const invalid = (field: string) =>
    fields[field] ? { "aria-invalid": true as const, "aria-describedby": `redeem-${field}-error` } : {};

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={isReset ? "Set a new password" : "Create your account"}>
      {problem ? (
        <Alert tone="error" title={problem.title} testId="redeem-error">
          {problem.message}
        </Alert>
      ) : null}
      {isReset ? null : (
        <div className="field">
          <label htmlFor="redeem-username">Username</label>
          <input
            id="redeem-username"
            name="username"
            className="input"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            readOnly={fixedUsername !== null}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            {...invalid("username")}
          />
          <FieldError id="redeem-username-error" message={fields.username} />
          {fields.username ? null : (
            <span className="hint">
              {fixedUsername !== null ? "This invitation is for this username." : "Letters, digits, dot, dash and underscore."}
            </span>
          )}
        </div>
      )}
      {/* A hidden username lets password managers file the new password under the right account. */}
      {isReset ? <input type="text" name="username" autoComplete="username" value={fixedUsername ?? ""} readOnly hidden /> : null}
      <div className="field">
        <label htmlFor="redeem-password">{isReset ? "New password" : "Password"}</label>
        <input
          id="redeem-password"
          name="password"
          type="password"
          className="input"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          {...invalid("password")}
        />
        <FieldError id="redeem-password-error" message={fields.password} />
        {fields.password ? null : <span className="hint">{MIN_PASSWORD} to {MAX_PASSWORD} characters.</span>}
      </div>
      <div className="field">
        <label htmlFor="redeem-confirm">Confirm password</label>
        <input
          id="redeem-confirm"
          name="confirm"
          type="password"
          className="input"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          {...invalid("confirm")}
        />
        <FieldError id="redeem-confirm-error" message={fields.confirm} />
      </div>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? (isReset ? "Saving…" : "Creating your account…") : isReset ? "Set new password" : "Create account"}
      </button>
    </form>
  );
}
