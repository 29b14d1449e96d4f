"use client";

import Link from "next/link";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { StewardError, type RegistrationInfo, type SignedUp } from "@steward/client";
import { PublicFrame } from "./public-frame";
import { NewPasswordField } from "./redeem-form";
import { Alert, Spinner, TextField } from "./ui";
import { createPublicClient } from "@/lib/invitations";
import { fieldErrorsOf, messageOf, reasonOf } from "@/lib/errors";
import { MAX_PASSWORD, newAccountProblems, signInHref } from "@/lib/new-account";


type View = { step: "loading" } | { step: "failed"; message: string } | { step: "ready"; info: RegistrationInfo } | { step: "done"; info: RegistrationInfo; account: SignedUp };

/**
 * The public sign-up page, `/signup`: where the platform's settings open
 * registration to anyone, a person makes an account here (no role, no
 * permission) and is sent on to sign in. Otherwise it says how accounts are
 * made instead. Nobody is signed in: the public client sends no token.
 */
export function SignUpPage() {
  const client = useMemo(() => (typeof window === "undefined" ? null : createPublicClient()), []);
  const [view, setView] = useState<View>({ step: "loading" });

  useEffect(() => {
    if (!client) return;
    let live = true;
    client.registration
      .get()
      .then((info) => live && setView({ step: "ready", info }))
      .catch((error) => live && setView({ step: "failed", message: messageOf(error) }));
    return () => {
      live = false;
    };
  }, [client]);

  if (view.step === "loading") {
    return (
      <PublicFrame siteName={null}>
        <Spinner label="Reading the sign-up policy" />
      </PublicFrame>
    );
  }
  if (view.step === "failed") {
    return (
      <PublicFrame siteName={null}>
        <div className="card-body" data-testid="signup-error">
          <h1>Sign-up is not available</h1>
          <p className="lead">{view.message}</p>
        </div>
      </PublicFrame>
    );
  }
  const { info } = view;
  if (view.step === "done") {
    return (
      <PublicFrame siteName={info.siteName}>
        <div className="card-body stack" data-testid="signup-done">
          <Alert tone="success" title="Account created" />
          <h1>
            Your account <span className="mono-strong">{view.account.username}</span> is ready
          </h1>
          <p className="flush muted">Sign in to {info.siteName} with this username and the password you chose.</p>
          <Link className="btn btn-primary btn-block" href={signInHref(view.account.username)}>
            Sign in
          </Link>
        </div>
      </PublicFrame>
    );
  }
  if (info.registration !== "open") {
    return (
      <PublicFrame siteName={info.siteName}>
        <div className="card-body stack" data-testid="signup-not-open">
          <h1>{info.registration === "closed" ? "Registration is closed" : "Accounts are made by invitation"}</h1>
          <p className="lead">
            {info.registration === "closed"
              ? `${info.siteName} is not taking new accounts at the moment.`
              : `${info.siteName} does not take sign-ups: ask an operator for an invitation link.`}
          </p>
          <Link className="btn btn-block" href="/login">
            Back to sign in
          </Link>
        </div>
      </PublicFrame>
    );
  }
  return (
    <PublicFrame siteName={info.siteName}>
      <div className="card-body">
        <h1>Create an account</h1>
        <p className="lead">On {info.siteName}. An operator gives the account any further access.</p>
        <SignUpForm info={info} onDone={(account) => setView({ step: "done", info, account })} />
      </div>
      <div className="card-footer auth-note">
        Already have an account? <Link href="/login">Sign in</Link>
      </div>
    </PublicFrame>
  );
}

function SignUpForm({ info, onDone }: { info: RegistrationInfo; onDone(account: SignedUp): void }) {
  const client = useMemo(() => createPublicClient(), []);
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = newAccountProblems({ username, password, confirm, minLength: info.passwordMinLength });
    setFields(local);
    setProblem(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      onDone(await client.registration.signUp({ username: username.trim(), password, ...(email.trim() ? { email: email.trim() } : {}) }));
    } catch (error) {
      const found = signUpProblem(error);
      setProblem(found.message);
      setFields(found.fields);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label="Create an account">
      {problem ? (
        <Alert tone="error" title="Not created" testId="signup-problem">
          {problem}
        </Alert>
      ) : null}
      <TextField
        id="signup-username"
        name="username"
        label="Username"
        error={fields.username}
        hint="Letters, digits, dot, dash and underscore."
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={64}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <TextField
        id="signup-email"
        name="email"
        type="email"
        label="Email (optional)"
        error={fields.email}
        autoComplete="email"
        maxLength={254}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <NewPasswordField
        id="signup-password"
        name="password"
        label="Password"
        error={fields.password}
        hint={`${info.passwordMinLength} to ${MAX_PASSWORD} characters; not a common one.`}
        value={password}
        onChange={setPassword}
      />
      <NewPasswordField id="signup-confirm" name="confirm" label="Confirm password" error={fields.confirm} value={confirm} onChange={setConfirm} />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}

/** What the API said, for the person signing up: by field where it names one. */
function signUpProblem(error: unknown): { message: string; fields: Record<string, string> } {
  if (!(error instanceof StewardError)) return { message: messageOf(error), fields: {} };
  const reason = reasonOf(error);
  if (reason === "username_taken") return { message: "This username is taken.", fields: { username: "Already taken: choose another username." } };
  if (reason === "email_taken") return { message: "This email has an account already.", fields: { email: "Already used by an account: sign in instead." } };
  if (reason === "weak_password" || reason === "common_password") return { message: `${messageOf(error)}.`, fields: { password: messageOf(error) } };
  if (error.status === 429) return { message: "Too many tries from your network in a short time. Wait a few minutes, then try again.", fields: {} };
  return { message: messageOf(error), fields: fieldErrorsOf(error) };
}
