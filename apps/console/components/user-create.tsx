"use client";

import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import type { CreateUserInput, User } from "@steward/client";
import { useCan, useConsole } from "./console-context";
import { ChevronLeft, PlusIcon } from "./icons";
import { NoAccess } from "./no-access";
import { NewPasswordField } from "./redeem-form";
import { Alert, CreateForm, TextField } from "./ui";
import { MAX_PASSWORD, newAccountProblems } from "@/lib/new-account";
import { usePage } from "@/lib/use-page";
import { useSubmit } from "@/lib/use-action";

type Access = "password" | "link";

type Created = { user: User; access: Access };

/**
 * A new user (`users:create`), who gets in one of two ways: a password the
 * operator sets now (typed twice, the platform's minimum said), or a link
 * mailed to their address to choose one themselves (`sendSetupLink`: the
 * user, a 7-day link and its mail made together by the server; it needs
 * `users:update` too). Roles may be granted at once with
 * `users:manage-roles`. Then the page says what happened and leads to the user.
 */
export function UserCreate() {
  const { client, me, setCrumb } = useConsole();
  const can = useCan();
  const mayMail = can("users.update");
  const mayGrant = can("users.roles");
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [access, setAccess] = useState<Access>("password");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [roles, setRoles] = useState<ReadonlySet<string>>(new Set());
  const [created, setCreated] = useState<Created | null>(null);
  const { busy, setBusy, error, fields, setFields, submit: send } = useSubmit();
  const minLength = usePage(() => client.registration.get().then((info) => info.passwordMinLength), [client]).page ?? 8;
  const roleList = usePage(() => (mayGrant ? client.roles.list() : Promise.resolve(null)), [client, mayGrant]).page?.data ?? [];

  useEffect(() => {
    setCrumb("New user");
    return () => setCrumb(null);
  }, [setCrumb]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {
      ...newAccountProblems({ username, password: access === "password" ? password : "x".repeat(minLength), confirm: access === "password" ? confirm : "x".repeat(minLength), minLength }),
    };
    if (access === "link" && !email.trim()) problems.email = "The link is mailed here: give an address.";
    setFields(problems);
    if (Object.keys(problems).length) return;
    const input: CreateUserInput = {
      username: username.trim(),
      ...(email.trim() ? { email: email.trim() } : {}),
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      ...(access === "password" ? { password } : { sendSetupLink: true }),
      ...(roles.size ? { roles: [...roles] } : {}),
    };
    void send(async () => {
      const user = await client.users.create(input);
      setCreated({ user, access });
      setBusy(false);
    });
  }

  function again() {
    setCreated(null);
    setUsername("");
    setEmail("");
    setDisplayName("");
    setPassword("");
    setConfirm("");
    setRoles(new Set());
  }

  if (me && !can("users.create")) return <NoAccess section="Creating users" startPage="/users" />;
  if (created) {
    const { user } = created;
    return (
      <section className="card" aria-labelledby="user-created-title" data-testid="user-created">
        <div className="card-body stack">
          <Alert tone="success" title={`${user.username} is created`}>
            {created.access === "password"
              ? "They sign in with the password you set; tell it to them by a safe way."
              : `A link to choose a password is queued for ${user.email}; it works once, for 7 days.`}
          </Alert>
          <h2 id="user-created-title" className="sr-only">
            User created
          </h2>
          <div className="card-actions start">
            <Link className="btn btn-primary" href={`/users/${user.id}`}>
              Open {user.username}&apos;s page
            </Link>
            <button type="button" className="btn" onClick={again}>
              <PlusIcon />
              Create another user
            </button>
          </div>
        </div>
      </section>
    );
  }

  return (
    <div className="narrow-page">
      <div className="page-header">
        <div>
          <h1>New user</h1>
          <p>An account on this platform. It may hold roles now or later.</p>
        </div>
        <Link className="btn btn-ghost" href="/users">
          <ChevronLeft />
          Users
        </Link>
      </div>
      <CreateForm
        titleId="new-user-title"
        title="Account"
        description="The username is how they sign in; it can be changed later."
        error={error}
        errorTitle="User not created"
        busy={busy}
        submitLabel="Create user"
        onSubmit={submit}
        onCancel={() => window.history.back()}
      >
        <div className="form-grid">
          <TextField id="new-username" label="Username" error={fields.username} autoComplete="off" autoFocus maxLength={64} value={username} onChange={(e) => setUsername(e.target.value)} />
          <TextField
            id="new-email"
            label="Email"
            type="email"
            error={fields.email}
            hint={access === "link" ? "The link to choose a password goes here." : "Optional."}
            autoComplete="off"
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <TextField
            id="new-display-name"
            label="Display name"
            error={fields.displayName}
            hint="Optional."
            autoComplete="off"
            maxLength={200}
            className="span-2"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </div>
        <fieldset className="kinds two">
          <legend>How they get in</legend>
          <label className={`kind-option${access === "password" ? " selected" : ""}`}>
            <input type="radio" name="access" value="password" checked={access === "password"} onChange={() => setAccess("password")} />
            <span>
              Set a password now
              <span className="sub">You tell it to them.</span>
            </span>
          </label>
          <label className={`kind-option${access === "link" ? " selected" : ""}${mayMail ? "" : " is-off"}`}>
            <input type="radio" name="access" value="link" disabled={!mayMail} checked={access === "link"} onChange={() => setAccess("link")} />
            <span>
              Email them a link
              <span className="sub">{mayMail ? "They choose their password; the link works for 7 days." : "Needs users:update, which your account lacks."}</span>
            </span>
          </label>
        </fieldset>
        {access === "password" ? (
          <div className="form-grid">
            <NewPasswordField
              id="new-password"
              name="password"
              label="Password"
              error={fields.password}
              hint={`${minLength} to ${MAX_PASSWORD} characters; not a common one.`}
              value={password}
              onChange={setPassword}
            />
            <NewPasswordField id="new-password-confirm" name="confirm" label="Confirm password" error={fields.confirm} value={confirm} onChange={setConfirm} />
          </div>
        ) : null}
        {mayGrant && roleList.length ? (
          <fieldset className="check-fieldset">
            <legend>Roles</legend>
            <div className="check-list">
              {roleList.map((role) => (
                <label className="check" key={role.id}>
                  <input
                    type="checkbox"
                    checked={roles.has(role.name)}
                    onChange={(e) =>
                      setRoles((current) => {
                        const next = new Set(current);
                        if (e.target.checked) next.add(role.name);
                        else next.delete(role.name);
                        return next;
                      })
                    }
                  />
                  {role.name}
                </label>
              ))}
            </div>
            <span className="hint">Optional: none makes a plain account. Granting a role gives its permissions at once.</span>
          </fieldset>
        ) : null}
      </CreateForm>
    </div>
  );
}
