"use client";

import { useState, type FormEvent } from "react";
import type { Invitation, Redemption, StewardClient } from "@steward/client";
import { Alert, TextField } from "./ui";
import { invitationProblem, type InvitationProblem } from "@/lib/invitations";
import { MAX_PASSWORD, newAccountProblems } from "@/lib/new-account";


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

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = newAccountProblems({ username: isReset ? undefined : username, password, confirm, minLength: invitation.passwordMinLength });
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

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={isReset ? "Set a new password" : "Create your account"}>
      {problem ? (
        <Alert tone="error" title={problem.title} testId="redeem-error">
          {problem.message}
        </Alert>
      ) : null}
      {isReset ? null : (
        <TextField
          id="redeem-username"
          name="username"
          label="Username"
          error={fields.username}
          hint={fixedUsername !== null ? "This invitation is for this username." : "Letters, digits, dot, dash and underscore."}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
          readOnly={fixedUsername !== null}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      )}
      {/* A hidden username lets password managers file the new password under the right account. */}
      {isReset ? <input type="text" name="username" autoComplete="username" value={fixedUsername ?? ""} readOnly hidden /> : null}
      <NewPasswordField
        id="redeem-password"
        name="password"
        label={isReset ? "New password" : "Password"}
        error={fields.password}
        hint={`${invitation.passwordMinLength} to ${MAX_PASSWORD} characters.`}
        value={password}
        onChange={setPassword}
      />
      <NewPasswordField
        id="redeem-confirm"
        name="confirm"
        label="Confirm password"
        error={fields.confirm}
        value={confirm}
        onChange={setConfirm}
      />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? (isReset ? "Saving…" : "Creating your account…") : isReset ? "Set new password" : "Create account"}
      </button>
    </form>
  );
}

/** A new password (or its confirmation): a password box password managers offer to fill with a new one. */
export function NewPasswordField({
  id,
  name,
  label,
  error,
  hint,
  value,
  onChange,
}: {
  id: string;
  name: string;
  label: string;
  error?: string;
  hint?: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <TextField
      id={id}
      name={name}
      type="password"
      label={label}
      error={error}
      hint={hint}
      autoComplete="new-password"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
