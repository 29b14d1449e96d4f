"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import type { LoginResult } from "@steward/client";
import { reasonOf } from "@/lib/errors";
import { createBrowserClient, readSession, safeNextPath, saveSession } from "@/lib/session";
import { useSubmit } from "@/lib/use-action";
import { startPageFor } from "./console-nav";
import { Alert, TextField } from "./ui";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const reason = params.get("reason");
  // A page that made the account (an invite or a reset redeemed) sends its username along.
  const [username, setUsername] = useState(() => params.get("username")?.slice(0, 200) ?? "");
  const [prefilled] = useState(() => Boolean(params.get("username")));
  const [password, setPassword] = useState("");
  // Set once the API answered `mfa_required`: the right password, and the account asks for its second factor.
  const [needsCode, setNeedsCode] = useState(false);
  const [code, setCode] = useState("");
  const { busy, setBusy, error, setError, fields, submit: send } = useSubmit();

  // Already signed in in this tab: go straight on.
  useEffect(() => {
    if (readSession()) router.replace(next);
  }, [router, next]);

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async () => {
      const client = createBrowserClient();
      let result: LoginResult;
      try {
        result = await client.login(username.trim(), password, needsCode ? code.trim() : undefined);
      } catch (err) {
        if (reasonOf(err) !== "mfa_required") throw err;
        setNeedsCode(true);
        setBusy(false);
        return;
      }
      saveSession({ token: result.token, expiresAt: result.expiresAt, username: result.user.username });
      // Without a page to go back to: the first one this account may read (its own, for one that signed up), never a refusal.
      router.replace(params.get("next") === null ? startPageFor(await client.me()) : next);
    });
  }

  function startOver() {
    setNeedsCode(false);
    setCode("");
    setPassword("");
    setError(null);
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={needsCode ? "Two-factor sign-in" : "Sign in"}>
      {error ? (
        <Alert tone="error" testId="login-error">
          {error}
        </Alert>
      ) : needsCode ? (
        <Alert tone="info">{username.trim()} signs in with a second factor.</Alert>
      ) : reason === "expired" ? (
        <Alert tone="info">Your session has ended. Sign in again to continue.</Alert>
      ) : reason === "signed-out" ? (
        <Alert tone="success">You are signed out.</Alert>
      ) : null}
      {needsCode ? (
        <TextField
          id="mfa-code"
          name="code"
          label="Two-factor code"
          hint="The 6-digit code your authenticator app shows, or one of your recovery codes (each works once)."
          error={fields.code}
          autoComplete="one-time-code"
          autoFocus
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      ) : (
        <PasswordFields
          username={username}
          password={password}
          errors={fields}
          focusPassword={prefilled}
          onUsername={setUsername}
          onPassword={setPassword}
        />
      )}
      <button type="submit" className="btn btn-primary btn-block" disabled={busy || (needsCode && !code.trim())}>
        {busy ? "Signing in…" : needsCode ? "Verify and sign in" : "Sign in"}
      </button>
      {needsCode ? (
        <button type="button" className="btn btn-ghost btn-block" disabled={busy} onClick={startOver}>
          Use another account
        </button>
      ) : null}
    </form>
  );
}

/** The first step: who signs in, and their password. */
function PasswordFields({
  username,
  password,
  errors,
  focusPassword,
  onUsername,
  onPassword,
}: {
  username: string;
  password: string;
  errors: Record<string, string>;
  focusPassword: boolean;
  onUsername(value: string): void;
  onPassword(value: string): void;
}) {
  return (
    <>
      <TextField
        id="username"
        name="username"
        label="Username or email"
        error={errors.username}
        autoComplete="username"
        autoFocus={!focusPassword}
        required
        value={username}
        onChange={(e) => onUsername(e.target.value)}
      />
      <TextField
        id="password"
        name="password"
        type="password"
        label="Password"
        error={errors.password}
        autoComplete="current-password"
        autoFocus={focusPassword}
        required
        value={password}
        onChange={(e) => onPassword(e.target.value)}
      />
    </>
  );
}
