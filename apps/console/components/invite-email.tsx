"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useConsole } from "./console-context";
import { Alert, CreateForm, TextField } from "./ui";
import { useSubmit } from "@/lib/use-action";

/**
 * "Send invite by email": the API makes a register invite for the address and
 * queues the mail carrying its link, then answers at once; `onSent` gets the
 * address. The mail itself leaves in the background (see the outbox).
 */
export function InviteEmail({ onSent, onCancel }: { onSent(email: string): void; onCancel(): void }) {
  const { client } = useConsole();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const { busy, error, fields, setFields, submit: send } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    const address = email.trim();
    if (!address) {
      setFields({ email: "Type the address to invite." });
      return;
    }
    void send(async () => {
      await client.invites.sendByEmail({ email: address, name: name.trim() || undefined });
      onSent(address);
    });
  }

  return (
    <CreateForm
      titleId="invite-email-title"
      title="Send invite by email"
      description="A register invite is made for this address, and a mail carrying its link is queued to it."
      error={error}
      errorTitle="Invite not sent"
      busy={busy}
      submitLabel="Send invite"
      busyLabel="Sending…"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField
          id="invite-email"
          label="Email address"
          type="email"
          autoComplete="off"
          autoFocus
          maxLength={254}
          error={fields.email}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          id="invite-name"
          label="Name (optional)"
          hint="How the mail greets them."
          autoComplete="off"
          maxLength={100}
          error={fields.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
    </CreateForm>
  );
}

/** Said once an invite is mailed: the mail is queued, and (with mail:read) where to see it leave. */
export function InviteMailQueued({ email, outboxLink }: { email: string; outboxLink: boolean }) {
  return (
    <Alert tone="success" testId="invite-email-notice">
      An invite to {email} is queued: the mail leaves in the background
      {outboxLink ? (
        <>
          , and the <Link href="/outbox">outbox</Link> shows when
        </>
      ) : null}
      .
    </Alert>
  );
}
