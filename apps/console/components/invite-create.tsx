"use client";

import { useState, type FormEvent } from "react";
import type { CreateInviteInput, Invite } from "@steward/client";
import { useConsole } from "./console-context";
import { GroupPicker, type PickedGroup } from "./group-picker";
import { CreateForm, FieldError, TextField } from "./ui";
import type { FieldErrors } from "@/lib/errors";
import { can, lacking } from "@/lib/permissions";
import { useSubmit } from "@/lib/use-action";

type Kind = Invite["kind"];

/** Each kind, and what making one needs besides `invites:manage` (the server's rule: what an invite grants, its maker must hold). */
const KINDS: readonly { value: Kind; label: string; hint: string; needs: string[] }[] = [
  { value: "register", label: "Register", hint: "One person creates an account.", needs: [] },
  { value: "group", label: "Group", hint: "Anyone with the link creates an account and joins groups.", needs: ["groups:manage"] },
  { value: "reset", label: "Password reset", hint: "The owner of an account sets a new password. Its link is shown once.", needs: ["users:update"] },
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
  const { client, me } = useConsole();
  const mayJoinGroups = can(me, "groups.manage");
  const [kind, setKind] = useState<Kind>("register");
  const [username, setUsername] = useState("");
  const [groups, setGroups] = useState<PickedGroup[]>([]);
  const [groupMode, setGroupMode] = useState<"existing" | "new">("existing");
  const [newGroupName, setNewGroupName] = useState("");
  const [newGroupMuc, setNewGroupMuc] = useState(false);
  const [ttl, setTtl] = useState("");
  const [maxUses, setMaxUses] = useState("");
  const { busy, error, setError, fields, setFields, submit: send } = useSubmit();

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

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = build();
    if (!("kind" in input)) {
      setFields(input as FieldErrors);
      setError(null);
      return;
    }
    void send(async () => onCreated(await client.invites.create(input as CreateInviteInput)));
  }

  const chooseKind = (value: Kind) => {
    setKind(value);
    setFields({});
    setError(null);
  };

  return (
    <CreateForm
      titleId="new-invite-title"
      title="New invite"
      description="The invite's link is shown once it is made, with a QR code."
      error={error}
      errorTitle="Invite not created"
      busy={busy}
      submitLabel="Create invite"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <fieldset className="kinds">
        <legend className="label">Kind</legend>
        {KINDS.map((option) => {
          const missing = lacking(me, option.needs);
          return (
            <label key={option.value} className={`kind-option${kind === option.value ? " selected" : ""}`}>
              <input
                type="radio"
                name="invite-kind"
                value={option.value}
                checked={kind === option.value}
                disabled={missing.length > 0}
                onChange={() => chooseKind(option.value)}
              />
              <span>
                <strong>{option.label}</strong>
                <span className="sub">{missing.length ? `Needs ${missing.join(", ")}, which you do not hold.` : option.hint}</span>
              </span>
            </label>
          );
        })}
      </fieldset>

      <div className="form-grid">
        {kind !== "group" ? (
          <TextField
            id="invite-username"
            label={kind === "reset" ? "Account (username)" : "Username (optional)"}
            error={fields.targetUsername}
            errorId="invite-targetUsername-error"
            hint={
              kind === "reset"
                ? "Whose password the link resets."
                : "The only username the new account may take; empty lets the person choose."
            }
            autoComplete="off"
            maxLength={64}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        ) : null}

        <div className="field">
          <label htmlFor="invite-ttl">Valid for</label>
          <select
            id="invite-ttl"
            className="select"
            value={ttl}
            onChange={(e) => setTtl(e.target.value)}
            aria-invalid={fields.ttlSeconds ? true : undefined}
            aria-describedby={fields.ttlSeconds ? "invite-ttlSeconds-error" : undefined}
          >
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
          <TextField
            id="invite-max-uses"
            label="Uses (optional)"
            error={fields.maxUses}
            errorId="invite-maxUses-error"
            inputMode="numeric"
            placeholder="No limit"
            value={maxUses}
            onChange={(e) => setMaxUses(e.target.value)}
          />
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

        {(kind === "register" && mayJoinGroups) || (kind === "group" && groupMode === "existing") ? (
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
            <TextField
              id="invite-new-group"
              label="New group name"
              error={fields.newGroup}
              errorId="invite-newGroup-error"
              maxLength={200}
              value={newGroupName}
              onChange={(e) => setNewGroupName(e.target.value)}
            />
            <div className="field field-check">
              <label className="check">
                <input type="checkbox" checked={newGroupMuc} onChange={(e) => setNewGroupMuc(e.target.checked)} />
                With chat room
              </label>
            </div>
          </>
        ) : null}
      </div>
    </CreateForm>
  );
}
