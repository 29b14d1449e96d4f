"use client";

import Link from "next/link";
import type { Channel, ChannelAccessLevel, ChannelPermissionInput } from "@steward/client";
import { PlusIcon } from "./icons";
import { FieldError, RowRemoveButton } from "./ui";
import { ACCESS_LEVELS } from "@/lib/account-space";

/**
 * A shared token's permissions: one row per channel (picked among yours,
 * each once) with its level, rows added and removed. A channel in the trash
 * is offered only to a row that has it already (its permission waits there
 * until the channel is restored or deleted for good).
 */
export function TokenPermissions({
  id,
  channels,
  rows,
  onChange,
  error,
  disabled,
}: {
  /** Prefix of the editor's ids. */
  id: string;
  /** Every channel of yours, in the trash too. */
  channels: readonly Channel[] | null;
  rows: readonly ChannelPermissionInput[];
  onChange(rows: ChannelPermissionInput[]): void;
  error?: string;
  disabled?: boolean;
}) {
  const active = (channels ?? []).filter((channel) => !channel.trashed);
  const used = new Set(rows.map((row) => row.channelId));
  const free = active.filter((channel) => !used.has(channel.id));

  const set = (index: number, change: Partial<ChannelPermissionInput>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));

  return (
    <fieldset className="permission-rows" aria-describedby={error ? `${id}-error` : `${id}-hint`}>
      <legend>Permissions</legend>
      {channels && !active.length && !rows.length ? (
        <p className="note">
          You have no channel to share yet: <Link href="/account/channels">make one</Link> first.
        </p>
      ) : null}
      {rows.map((row, index) => {
        const options = (channels ?? []).filter((channel) => channel.id === row.channelId || (!channel.trashed && !used.has(channel.id)));
        return (
          <div className="permission-row" key={index} data-testid="token-permission-row">
            <label className="sr-only" htmlFor={`${id}-channel-${index}`}>
              Channel {index + 1}
            </label>
            <select
              id={`${id}-channel-${index}`}
              className="select"
              value={row.channelId}
              disabled={disabled}
              onChange={(e) => set(index, { channelId: e.target.value })}
            >
              {options.map((channel) => (
                <option key={channel.id} value={channel.id}>
                  {channel.name}
                  {channel.trashed ? " (in the trash)" : ""}
                </option>
              ))}
            </select>
            <label className="sr-only" htmlFor={`${id}-level-${index}`}>
              Level {index + 1}
            </label>
            <select
              id={`${id}-level-${index}`}
              className="select"
              value={row.level}
              disabled={disabled}
              onChange={(e) => set(index, { level: e.target.value as ChannelAccessLevel })}
            >
              {ACCESS_LEVELS.map((level) => (
                <option key={level.value} value={level.value}>
                  {level.label}: {level.means}
                </option>
              ))}
            </select>
            <RowRemoveButton
              label="Remove"
              ariaLabel={`Remove permission ${index + 1}`}
              disabled={Boolean(disabled)}
              onClick={() => onChange(rows.filter((_, at) => at !== index))}
            />
          </div>
        );
      })}
      <div>
        <button
          type="button"
          className="btn btn-sm"
          disabled={disabled || !free.length}
          onClick={() => onChange([...rows, { channelId: free[0]!.id, level: "read" }])}
        >
          <PlusIcon />
          Add permission
        </button>
      </div>
      <FieldError id={`${id}-error`} message={error} />
      {error ? null : (
        <span className="hint" id={`${id}-hint`}>
          A level on each channel it reaches: read, contribute (also add) or manage (also change and delete).
        </span>
      )}
    </fieldset>
  );
}
