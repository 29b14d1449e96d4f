"use client";

import { useState, type FormEvent } from "react";
import type { CreateInviteInput, Invite } from "@steward/client";
import { useConsole } from "./console-context";
import { GroupPicker, type PickedGroup } from "./group-picker";
import { Alert, FieldError } from "./ui";
import { fieldErrorsOf, messageOf, type FieldErrors } from "@/lib/errors";

type Kind = Invite["kind"];

const KINDS: readonly { value: Kind; label: string; hint: string }[] = [
  { value: "register", label: "Register", hint: "One person creates an account." },
  { value: "group", label: "Group", hint: "Anyone with the link creates an account and joins groups." },
  { value: "reset", label: "Password reset", hint: "The owner of an account sets a new password." },
];

const HOUR = 3600;
const DAY = 24 * HOUR;
/** "" keeps the server's default for the kind. */
const TTLS: readonly { value: string; label: string }[] = [
  { value: String(HOUR), label: "1 hour" },
  { value: String(DAY), label: "1 day" },
  { value: String(7 * DAY), label: "7 days" },
  { value: String(30 * DAY), label: "30 days" },
  { value: String(365 * DAY), label: "1 year" },
];
const DEFAULT_TTL_LABEL: Record<Kind, string> = {
  register: "Default: 7 days",
  group: "Default: until revoked",
  reset: "Default: 1 day",
};

/** The "New invite" form, one kind at a time. */
export function InviteCreate({ onCreated, onCancel }: { onCreated(invite: Invite): void; onCancel(): void }) {
  const { client } = useConsole();
  const [kind, setKind] = useState<Kind>("register");
  const [username, setUsername] = useState("");
  const [groups, setGroups] = useState<PickedGroup[]>([]);
  const [groupMode, setGroupMode] = useState<"existing" | "new">("existing");
  const [newGroupName, setNewGroupName] = useState("");
  const [newGroupMuc, setNewGroupMuc] = useState(false);
  const [ttl, setTtl] = useState("");
  const [maxUses, setMaxUses] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  /** The request for the chosen kind, or field messages when something is missing. */
  function build(): CreateInviteInput | FieldErrors {
    const input: CreateInviteInput = { kind };
    if (ttl) input.ttlSeconds = Number(ttl);
    const name = username.trim();
    if (kind === "reset") {
      if (!name) return { targetUsername: "Name the account whose password is reset." };
      input.targetUsername = name;
      return input;
    }
    if (kind === "register") {
      if (name) input.targetUsername = name;
      if (groups.length) input.groupIds = groups.map((g) => g.id);
      return input;
    }
    if (groupMode === "existing") {
      if (!groups.length) return { groupIds: "Choose at least one group." };
      input.groupIds = groups.map((g) => g.id);
    } else {
      if (!newGroupName.trim()) return { newGroup: "Name the new group." };
      input.newGroup = { name: newGroupName.trim(), createMuc: newGroupMuc };
    }
    if (maxUses.trim()) {
      const uses = Number(maxUses);
      if (!Number.isInteger(uses) || uses < 1) return { maxUses: "A whole number, at least 1; leave empty for no limit." };
      input.maxUses = uses;
    }
    return input;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = build();
    if (!("kind" in input)) {
      setFields(input as FieldErrors);
      setError(null);
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      onCreated(await client.invites.create(input as CreateInviteInput));
    } catch (err) {
      setError(messageOf(err));
      setFields(fieldErrorsOf(err));
      setBusy(false);
    }
  }

  const chooseKind = (value: Kind) => {
    setKind(value);
    setFields({});
    setError(null);
  };
  const errorProps = (field: string) =>
    fields[field] ? { "aria-invalid": true as const, "aria-describedby": `invite-${field}-error` } : {};

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-invite-title">
      <div className="card-header">
        <div>
          <h2 id="new-invite-title">New invite</h2>
          <p>The invite&apos;s link is shown once it is made, with a QR code.</p>
        </div>
      </div>
      <div className="card-body stack">
        {error ? <Alert tone="error" title="Invite not created">{error}</Alert> : null}
        <fieldset className="kinds">
          <legend className="label">Kind</legend>
          {KINDS.map((option) => (
            <label key={option.value} className={`kind-option${kind === option.value ? " selected" : ""}`}>
              <input type="radio" name="invite-kind" value={option.value} checked={kind === option.value} onChange={() => chooseKind(option.value)} />
              <span>
                <strong>{option.label}</strong>
                <span className="sub">{option.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <div className="form-grid">
          {kind !== "group" ? (
            <div className="field">
              <label htmlFor="invite-username">{kind === "reset" ? "Account (username)" : "Username (optional)"}</label>
              <input
                id="invite-username"
                className="input"
                autoComplete="off"
                maxLength={64}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                {...errorProps("targetUsername")}
              />
              <FieldError id="invite-targetUsername-error" message={fields.targetUsername} />
              {fields.targetUsername ? null : (
                <span className="hint">
                  {kind === "reset"
                    ? "Whose password the link resets."
                    : "The only username the new account may take; empty lets the person choose."}
                </span>
              )}
            </div>
          ) : null}

          <div className="field">
            <label htmlFor="invite-ttl">Valid for</label>
            <select id="invite-ttl" className="select" value={ttl} onChange={(e) => setTtl(e.target.value)} {...errorProps("ttlSeconds")}>
              <option value="">{DEFAULT_TTL_LABEL[kind]}</option>
              {TTLS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            <FieldError id="invite-ttlSeconds-error" message={fields.ttlSeconds} />
          </div>

          {kind === "group" ? (
            <div className="field">
              <label htmlFor="invite-max-uses">Uses (optional)</label>
              <input
                id="invite-max-uses"
                className="input"
                inputMode="numeric"
                placeholder="No limit"
                value={maxUses}
                onChange={(e) => setMaxUses(e.target.value)}
                {...errorProps("maxUses")}
              />
              <FieldError id="invite-maxUses-error" message={fields.maxUses} />
            </div>
          ) : null}

          {kind === "group" ? (
            <div className="field span-2">
              <span className="label">Groups to join</span>
              <div className="check-list" role="radiogroup" aria-label="Groups to join">
                <label className="check">
                  <input type="radio" name="group-mode" checked={groupMode === "existing"} onChange={() => setGroupMode("existing")} />
                  Existing groups
                </label>
                <label className="check">
                  <input type="radio" name="group-mode" checked={groupMode === "new"} onChange={() => setGroupMode("new")} />
                  A new group
                </label>
              </div>
            </div>
          ) : null}

          {kind === "register" || (kind === "group" && groupMode === "existing") ? (
            <div className="field span-2">
              <label htmlFor="invite-groups">{kind === "register" ? "Groups (optional)" : "Groups"}</label>
              <GroupPicker
                id="invite-groups"
                value={groups}
                onChange={setGroups}
                invalid={Boolean(fields.groupIds)}
                describedBy={fields.groupIds ? "invite-groupIds-error" : undefined}
              />
              <FieldError id="invite-groupIds-error" message={fields.groupIds} />
            </div>
          ) : null}

          {kind === "group" && groupMode === "new" ? (
            <>
              <div className="field">
                <label htmlFor="invite-new-group">New group name</label>
                <input
                  id="invite-new-group"
                  className="input"
                  maxLength={200}
                  value={newGroupName}
                  onChange={(e) => setNewGroupName(e.target.value)}
                  {...errorProps("newGroup")}
                />
                <FieldError id="invite-newGroup-error" message={fields.newGroup} />
              </div>
              <div className="field field-check">
                <label className="check">
                  <input type="checkbox" checked={newGroupMuc} onChange={(e) => setNewGroupMuc(e.target.checked)} />
                  With chat room
                </label>
              </div>
            </>
          ) : null}
        </div>
      </div>
      <div className="card-footer">
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Creating…" : "Create invite"}
        </button>
      </div>
    </form>
  );
}
