"use client";

import { useState, type FormEvent } from "react";
import { CHANNEL_NAME_MAX_LENGTH, CLIENT_DATA_MAX_BYTES, type Channel, type UpdateChannelInput } from "@steward/client";
import { useConsole } from "./console-context";
import { CreateForm, FieldError, TextField } from "./ui";
import { clientDataText, parseClientData } from "@/lib/account-space";
import { useSubmit } from "@/lib/use-action";

const DEFAULT_COLOR = "#5b4cf0";

/**
 * A channel's form: new (`channel` absent) or changing one. Its name, a
 * colour (or none) and free-form client data as JSON, checked here against
 * the API's limits first. A change sends only what changed.
 */
export function ChannelForm({ channel, onSaved, onCancel }: { channel?: Channel; onSaved(channel: Channel): void; onCancel(): void }) {
  const { client } = useConsole();
  const [name, setName] = useState(channel?.name ?? "");
  const [noColor, setNoColor] = useState(channel ? channel.color === null : false);
  const [color, setColor] = useState(channel?.color ?? DEFAULT_COLOR);
  const [data, setData] = useState(channel ? clientDataText(channel.clientData) : "");
  const { busy, error, setError, fields, setFields, submit: send } = useSubmit();
  const idPrefix = channel ? `channel-${channel.id}` : "new-channel";

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = "Give the channel a name.";
    const parsed = parseClientData(data);
    if ("problem" in parsed) problems.clientData = parsed.problem;
    if (Object.keys(problems).length || "problem" in parsed) {
      setFields(problems);
      setError(null);
      return;
    }
    const chosenColor = noColor ? null : color.toLowerCase();
    if (!channel) {
      void send(async () =>
        onSaved(await client.account.channels.create({ name: name.trim(), color: chosenColor, clientData: parsed.value })),
      );
      return;
    }
    const patch: UpdateChannelInput = {};
    if (name.trim() !== channel.name) patch.name = name.trim();
    if (chosenColor !== (channel.color?.toLowerCase() ?? null)) patch.color = chosenColor;
    if (JSON.stringify(parsed.value) !== JSON.stringify(channel.clientData)) patch.clientData = parsed.value;
    if (!Object.keys(patch).length) {
      onCancel();
      return;
    }
    void send(async () => onSaved(await client.account.channels.update(channel.id, patch)));
  }

  return (
    <CreateForm
      titleId={`${idPrefix}-title`}
      title={channel ? `Edit channel ${channel.name}` : "New channel"}
      description={
        channel
          ? "Tokens holding a permission on it keep it: only its name, colour or client data change."
          : "A named part of your data that you can share: shared tokens grant a level on channels."
      }
      error={error}
      errorTitle={channel ? "Channel not saved" : "Channel not created"}
      busy={busy}
      submitLabel={channel ? "Save channel" : "Create channel"}
      busyLabel={channel ? "Saving…" : "Creating…"}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField
          id={`${idPrefix}-name`}
          label="Name"
          error={fields.name}
          hint="Unique among your channels, those in the trash too."
          autoFocus
          autoComplete="off"
          maxLength={CHANNEL_NAME_MAX_LENGTH}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="field">
          <label htmlFor={`${idPrefix}-color`}>Colour</label>
          <div className="color-row">
            <input
              id={`${idPrefix}-color`}
              type="color"
              className="input input-color"
              value={color}
              disabled={noColor}
              aria-invalid={fields.color ? true : undefined}
              aria-describedby={fields.color ? `${idPrefix}-color-error` : undefined}
              onChange={(e) => setColor(e.target.value)}
            />
            <span className="mono muted">{noColor ? "none" : color}</span>
            <label className="check">
              <input type="checkbox" checked={noColor} onChange={(e) => setNoColor(e.target.checked)} />
              No colour
            </label>
          </div>
          <FieldError id={`${idPrefix}-color-error`} message={fields.color} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-data`}>Client data (JSON, optional)</label>
        <textarea
          id={`${idPrefix}-data`}
          className="input textarea mono"
          rows={4}
          spellCheck={false}
          placeholder='{"app": "notes"}'
          value={data}
          aria-invalid={fields.clientData ? true : undefined}
          aria-describedby={fields.clientData ? `${idPrefix}-data-error` : `${idPrefix}-data-hint`}
          onChange={(e) => setData(e.target.value)}
        />
        <FieldError id={`${idPrefix}-data-error`} message={fields.clientData} />
        {fields.clientData ? null : (
          <span className="hint" id={`${idPrefix}-data-hint`}>
            A JSON object for the apps you use, at most {CLIENT_DATA_MAX_BYTES} bytes; {channel ? "replaces what it holds" : "blank for none"}.
          </span>
        )}
      </div>
    </CreateForm>
  );
}
