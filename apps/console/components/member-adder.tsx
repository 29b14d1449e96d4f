"use client";

import { useEffect, useState, type FormEvent } from "react";
import type { User } from "@steward/client";
import { useConsole } from "./console-context";
import { PlusIcon } from "./icons";
import { Avatar, FieldError, Suggestions } from "./ui";
import { statusOf } from "@/lib/errors";
import { useAction } from "@/lib/use-action";
import { useDebouncedValue } from "@/lib/debounced-text";
import { personName } from "@/lib/format";

const SUGGESTIONS = 6;

/**
 * Finds a user by username and adds them to the group: the users list's
 * search suggests matches as one types; Add takes the exact username.
 */
export function MemberAdder({ groupId, onAdded }: { groupId: string; onAdded(username: string): void }) {
  const { client } = useConsole();
  const [text, setText] = useState("");
  const query = useDebouncedValue(text.trim());
  const [matches, setMatches] = useState<User[]>([]);
  const adding = useAction();
  const { busy, setError } = adding;
  const error = adding.error ?? undefined;

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
    await client.groups.members.add(groupId, user.id);
    setText("");
    setMatches([]);
    onAdded(user.username);
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
    <form className="member-adder" onSubmit={submit} noValidate aria-label="Add a member">
      <div className="grant-row">
        <label htmlFor="member-username" className="sr-only">
          Username to add
        </label>
        <input
          id="member-username"
          className="input"
          placeholder="Username"
          autoComplete="off"
          maxLength={64}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "member-username-error" : undefined}
        />
        <button type="submit" className="btn" disabled={busy || !text.trim()}>
          <PlusIcon />
          {busy ? "Adding…" : "Add member"}
        </button>
      </div>
      <FieldError id="member-username-error" message={error} />
      {matches.length && !(exact && matches.length === 1) ? (
        <Suggestions label="Matching users" items={matches} disabled={busy} onPick={(user) => void adding.run(() => add(user))}>
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
