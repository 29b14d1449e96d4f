"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { createBrowserClient, readSession, safeNextPath, saveSession } from "@/lib/session";
import { fieldErrorsOf, messageOf, type FieldErrors } from "@/lib/errors";
import { Alert, FieldError } from "./ui";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const reason = params.get("reason");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  // Already signed in in this tab: go straight on.
  useEffect(() => {
    if (readSession()) router.replace(next);
  }, [router, next]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const client = createBrowserClient();
      const result = await client.login(username.trim(), password);
      saveSession({ token: result.token, expiresAt: result.expiresAt, username: result.user.username });
      router.replace(next);
    } catch (err) {
      setError(messageOf(err));
      setFields(fieldErrorsOf(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label="Sign in">
      {error ? (
        <Alert tone="error" testId="login-error">
          {error}
        </Alert>
      ) : reason === "expired" ? (
        <Alert tone="info">Your session has ended. Sign in again to continue.</Alert>
      ) : reason === "signed-out" ? (
        <Alert tone="success">You are signed out.</Alert>
      ) : null}
      <div className="field">
        <label htmlFor="username">Username or email</label>
        <input
          id="username"
          name="username"
          className="input"
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          aria-invalid={fields.username ? true : undefined}
          aria-describedby={fields.username ? "username-error" : undefined}
        />
        <FieldError id="username-error" message={fields.username} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          className="input"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={fields.password ? true : undefined}
          aria-describedby={fields.password ? "password-error" : undefined}
        />
        <FieldError id="password-error" message={fields.password} />
      </div>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
