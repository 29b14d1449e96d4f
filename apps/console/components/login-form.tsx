"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { createBrowserClient, readSession, safeNextPath, saveSession } from "@/lib/session";
import { useSubmit } from "@/lib/use-action";
import { Alert, TextField } from "./ui";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const reason = params.get("reason");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, fields, submit: send } = useSubmit();

  // Already signed in in this tab: go straight on.
  useEffect(() => {
    if (readSession()) router.replace(next);
  }, [router, next]);

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async () => {
      const client = createBrowserClient();
      const result = await client.login(username.trim(), password);
      saveSession({ token: result.token, expiresAt: result.expiresAt, username: result.user.username });
      router.replace(next);
    });
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
      <TextField
        id="username"
        name="username"
        label="Username or email"
        error={fields.username}
        autoComplete="username"
        autoFocus
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <TextField
        id="password"
        name="password"
        type="password"
        label="Password"
        error={fields.password}
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
