"use client";

import { useEffect, useState, type FormEvent } from "react";
import type { User } from "@steward/client";
import { useConsole } from "./console-context";
import { PlusIcon } from "./icons";
import { Avatar, InlineField, Suggestions } from "./ui";
import { statusOf } from "@/lib/errors";
import { useAction } from "@/lib/use-action";
import { useDebouncedValue } from "@/lib/debounced-text";
import { personName } from "@/lib/format";

const SUGGESTIONS = 6;

/**
 * Finds a user by username and hands them to `onAdd` (join a group, follow
 * them): the users list's search suggests matches as one types; the button
 * takes the exact username. `onAdd`'s failure is shown under the field.
 */
export function UserAdder({
  inputId,
  label,
  formLabel,
  actionLabel,
  busyLabel,
  pickLabel,
  onAdd,
}: {
  /** The input's id; its error is `<inputId>-error`. */
  inputId: string;
  /** The input's label (read by screen readers), e.g. "Username to add". */
  label: string;
  formLabel: string;
  actionLabel: string;
  busyLabel: string;
  /** What a suggestion says it does; default "Add". */
  pickLabel?: string;
  onAdd(user: Pick<User, "id" | "username">): Promise<void>;
}) {
  const { client } = useConsole();
  const [text, setText] = useState("");
  const query = useDebouncedValue(text.trim());
  const [matches, setMatches] = useState<User[]>([]);
  const adding = useAction();
  const { busy, error, setError } = adding;

  useEffect(() => {
    if (!query) {
      setMatches([]);
      return;
    }
    let live = true;
    client.users
      .list({ q: query, limit: SUGGESTIONS, sort: "username" })
      .then((result) => live && setMatches(result.data))
      .catch(() => live && setMatches([]));
    return () => {
      live = false;
    };
  }, [client, query]);

  async function add(user: Pick<User, "id" | "username">) {
    await onAdd(user);
    setText("");
    setMatches([]);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const username = text.trim();
    if (!username) {
      setError("Type a username.");
      return;
    }
    void adding.run(async () => {
      let user: User;
      try {
        user = await client.users.lookup({ username });
      } catch (err) {
        if (statusOf(err) === 404) throw new Error(`No user is named ${username}.`);
        throw err;
      }
      await add(user);
    });
  }

  const exact = matches.some((user) => user.username.toLowerCase() === text.trim().toLowerCase());
  return (
    <form className="user-adder" onSubmit={submit} noValidate aria-label={formLabel}>
      <InlineField
        id={inputId}
        label={label}
        error={error}
        placeholder="Username"
        autoComplete="off"
        maxLength={64}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
      >
        <button type="submit" className="btn" disabled={busy || !text.trim()}>
          <PlusIcon />
          {busy ? busyLabel : actionLabel}
        </button>
      </InlineField>
      {matches.length && !(exact && matches.length === 1) ? (
        <Suggestions
          label="Matching users"
          items={matches}
          disabled={busy}
          pickLabel={pickLabel}
          onPick={(user) => void adding.run(() => add(user))}>
          {(user) => (
            <>
              <Avatar user={user} />
              <span>
                <strong>{user.username}</strong>
                {personName(user) ? <span className="sub">{personName(user)}</span> : null}
              </span>
            </>
          )}
        </Suggestions>
      ) : null}
    </form>
  );
}
