"use client";

import { useState, type FormEvent } from "react";
import { useConsole } from "./console-context";
import { NewPasswordField } from "./redeem-form";
import { TextField, WriteOutcome } from "./ui";
import { countOf } from "@/lib/format";
import { newAccountProblems } from "@/lib/new-account";
import { useSubmit } from "@/lib/use-action";

/**
 * Changes the signed-in account's password: the current one, then the new
 * one typed twice. A wrong current password and a new one the platform's
 * policy refuses are shown at their own fields. Every other session ends;
 * this one stays, and the card says how many ended.
 */
export function AccountPassword({ onChanged }: { onChanged?(): void }) {
  const { client } = useConsole();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, setBusy, error, fields, submit } = useSubmit();

  function change(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    // Length is the API's to judge (the platform's policy); here only that it was typed the same twice.
    const problems = { ...newAccountProblems({ password: next, confirm, minLength: 1 }), ...(current ? {} : { currentPassword: "Type your current password." }) };
    setLocal(problems);
    if (Object.keys(problems).length) return;
    void submit(async () => {
      const { sessionsEnded } = await client.account.changePassword(current, next);
      setCurrent("");
      setNext("");
      setConfirm("");
      setNotice(`Password changed. ${sessionsEnded ? `${countOf(sessionsEnded, "other session")} ended.` : "You had no other session."}`);
      setBusy(false);
      onChanged?.();
    });
  }

  return (
    <section className="card" aria-labelledby="password-title" data-testid="account-password">
      <div className="card-header">
        <div>
          <h2 id="password-title">Password</h2>
          <p>Changing it signs out every other device; this one stays signed in.</p>
        </div>
      </div>
      <form className="card-body stack" onSubmit={change} noValidate aria-label="Change your password">
        <WriteOutcome notice={notice} noticeTestId="password-notice" error={error} />
        <div className="form-grid">
          <TextField
            id="password-current"
            type="password"
            label="Current password"
            autoComplete="current-password"
            error={local.currentPassword ?? fields.currentPassword}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <NewPasswordField id="password-new" name="new-password" label="New password" error={local.password ?? fields.newPassword} value={next} onChange={setNext} />
          <NewPasswordField id="password-confirm" name="confirm" label="Confirm new password" error={local.confirm} value={confirm} onChange={setConfirm} />
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Changing…" : "Change password"}
          </button>
        </div>
      </form>
    </section>
  );
}
