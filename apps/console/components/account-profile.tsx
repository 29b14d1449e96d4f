"use client";

import { useEffect, useState, type FormEvent } from "react";
import type { User } from "@steward/client";
import { useConsole } from "./console-context";
import { TextField, WriteOutcome } from "./ui";
import { messageOf } from "@/lib/errors";
import { useSubmit } from "@/lib/use-action";

const FIELDS = [
  { key: "displayName", label: "Display name", max: 200, type: "text", autoComplete: "nickname" },
  { key: "email", label: "Email", max: 254, type: "email", autoComplete: "email" },
  { key: "firstName", label: "First name", max: 100, type: "text", autoComplete: "given-name" },
  { key: "lastName", label: "Last name", max: 100, type: "text", autoComplete: "family-name" },
  { key: "language", label: "Language", max: 35, type: "text", autoComplete: "language", hint: "A BCP 47 tag: en, fr-CH." },
  { key: "phone", label: "Phone", max: 40, type: "tel", autoComplete: "tel" },
] as const;
type Key = (typeof FIELDS)[number]["key"];

/**
 * The signed-in account's own profile: the fields it may change itself
 * (its username, roles and tags are an operator's). Saved with the ETag of
 * what was read, so an operator's change meanwhile is not overwritten (412,
 * said plainly); an email another account has is shown at its field.
 */
export function AccountProfile() {
  const { client } = useConsole();
  const [account, setAccount] = useState<{ user: User; etag: string } | null>(null);
  const [values, setValues] = useState<Record<Key, string>>(() => blank());
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, setBusy, error, setError, fields, submit } = useSubmit();

  useEffect(() => {
    client.account.getWithETag().then(load, (err: unknown) => setError(messageOf(err)));
    // Loaded once: a save answers the account as it is then.
  }, [client, setError]);

  function load(read: { user: User; etag: string }) {
    setAccount(read);
    setValues(Object.fromEntries(FIELDS.map(({ key }) => [key, read.user[key] ?? ""])) as Record<Key, string>);
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (!account) return;
    setNotice(null);
    // Only what changed; an emptied field is cleared.
    const patch = Object.fromEntries(
      FIELDS.filter(({ key }) => values[key].trim() !== (account.user[key] ?? "")).map(({ key }) => [key, values[key].trim() || null]),
    );
    void submit(async () => {
      if (changesSomething(patch)) load(await client.account.updateWithETag(patch, { ifMatch: account.etag }));
      setNotice(Object.keys(patch).length ? "Profile saved." : "Nothing to save.");
      setBusy(false);
    });
  }

  return (
    <section className="card" aria-labelledby="profile-title" data-testid="account-profile">
      <div className="card-header">
        <div>
          <h2 id="profile-title">Profile</h2>
          <p>How you appear to others and how to reach you. Your username and access are an operator's to change.</p>
        </div>
      </div>
      <form className="card-body stack" onSubmit={save} noValidate aria-label="Your profile">
        <WriteOutcome notice={notice} noticeTestId="profile-notice" error={error} />
        <div className="form-grid">
          {FIELDS.map((field) => (
            <TextField
              key={field.key}
              id={`profile-${field.key}`}
              label={field.label}
              type={field.type}
              autoComplete={field.autoComplete}
              maxLength={field.max}
              hint={"hint" in field ? field.hint : undefined}
              error={fields[field.key]}
              disabled={!account}
              value={values[field.key]}
              onChange={(e) => setValues((current) => ({ ...current, [field.key]: e.target.value }))}
            />
          ))}
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy || !account}>
            {busy ? "Saving…" : "Save profile"}
          </button>
        </div>
      </form>
    </section>
  );
}

const changesSomething = (patch: object) => Object.keys(patch).length > 0;

function blank(): Record<Key, string> {
  return Object.fromEntries(FIELDS.map(({ key }) => [key, ""])) as Record<Key, string>;
}
