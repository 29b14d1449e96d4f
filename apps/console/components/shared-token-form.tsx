"use client";

import { useState, type FormEvent } from "react";
import {
  ACCESS_TOKEN_NAME_MAX_LENGTH,
  type Channel,
  type ChannelPermissionInput,
  type CreatedSharedAccessToken,
  type SharedAccessToken,
  type UpdateSharedAccessTokenInput,
} from "@steward/client";
import { useConsole } from "./console-context";
import { TokenPermissions } from "./token-permissions";
import { CreateForm, TextField } from "./ui";
import { fromLocalInput, toLocalInput } from "@/lib/account-space";
import { useSubmit } from "@/lib/use-action";

const sameRows = (a: readonly ChannelPermissionInput[], b: readonly ChannelPermissionInput[]) => {
  const key = (rows: readonly ChannelPermissionInput[]) => JSON.stringify([...rows].map((row) => `${row.channelId}:${row.level}`).sort());
  return key(a) === key(b);
};

/**
 * A shared token's form: new (`token` absent; the secret comes back once,
 * to `onCreated`) or changing one (`onSaved`; the secret stays). Its name,
 * its permissions (a level per channel) and an optional expiry. A change
 * sends only what changed.
 */
export function SharedTokenForm({
  token,
  channels,
  onCreated,
  onSaved,
  onCancel,
}: {
  token?: SharedAccessToken;
  channels: readonly Channel[] | null;
  onCreated?(token: CreatedSharedAccessToken): void;
  onSaved?(token: SharedAccessToken): void;
  onCancel(): void;
}) {
  const { client } = useConsole();
  const initialRows = token?.permissions.map(({ channelId, level }) => ({ channelId, level })) ?? [];
  const [name, setName] = useState(token?.name ?? "");
  const [rows, setRows] = useState<ChannelPermissionInput[]>(() => {
    if (token) return initialRows;
    const first = channels?.find((channel) => !channel.trashed);
    return first ? [{ channelId: first.id, level: "read" }] : [];
  });
  const initialExpiry = toLocalInput(token?.expiresAt);
  const [expiry, setExpiry] = useState(initialExpiry);
  const { busy, error, setError, fields, setFields, submit: send } = useSubmit();
  const idPrefix = token ? `token-${token.id}` : "new-token";

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = "Say who or what the token is for.";
    if (!rows.length) problems.permissions = "Give it a level on at least one channel.";
    const expiresAt = fromLocalInput(expiry);
    if (expiresAt === undefined) problems.expiresAt = "Not a date and time.";
    else if (expiresAt !== null && expiry !== initialExpiry && Date.parse(expiresAt) <= Date.now()) problems.expiresAt = "Choose a time in the future.";
    if (Object.keys(problems).length || expiresAt === undefined) {
      setFields(problems);
      setError(null);
      return;
    }
    if (!token) {
      void send(async () => onCreated?.(await client.account.accessTokens.create({ name: name.trim(), permissions: rows, expiresAt })));
      return;
    }
    const patch: UpdateSharedAccessTokenInput = {};
    if (name.trim() !== token.name) patch.name = name.trim();
    if (!sameRows(rows, initialRows)) patch.permissions = rows;
    if (expiry !== initialExpiry) patch.expiresAt = expiresAt;
    if (!Object.keys(patch).length) {
      onCancel();
      return;
    }
    void send(async () => onSaved?.(await client.account.accessTokens.update(token.id, patch)));
  }

  return (
    <CreateForm
      titleId={`${idPrefix}-title`}
      title={token ? `Edit token ${token.name}` : "New shared token"}
      description={
        token
          ? "Its secret stays the same; whoever holds it gets the new permissions at once."
          : "For someone or a service to reach some of your channels. Its secret is shown once, right after it is made."
      }
      error={error}
      errorTitle={token ? "Token not saved" : "Token not created"}
      busy={busy}
      submitLabel={token ? "Save token" : "Create token"}
      busyLabel={token ? "Saving…" : "Creating…"}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField
          id={`${idPrefix}-name`}
          label="Name"
          error={fields.name}
          hint="Who or what uses it; unique among your tokens."
          autoFocus
          autoComplete="off"
          maxLength={ACCESS_TOKEN_NAME_MAX_LENGTH}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          id={`${idPrefix}-expires`}
          label="Expires"
          type="datetime-local"
          error={fields.expiresAt}
          hint="Optional, in your time zone. Leave it empty: it never expires."
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
        />
      </div>
      <TokenPermissions id={`${idPrefix}-permissions`} channels={channels} rows={rows} onChange={setRows} error={fields.permissions} disabled={busy} />
    </CreateForm>
  );
}
