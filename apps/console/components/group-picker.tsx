"use client";

import { useEffect, useState } from "react";
import type { Group } from "@steward/client";
import { useConsole } from "./console-context";
import { XIcon } from "./icons";
import { Suggestions } from "./ui";
import { useDebouncedValue } from "@/lib/debounced-text";
import { countOf } from "@/lib/format";

export type PickedGroup = Pick<Group, "id" | "name">;

const SHOWN = 8;

/** Chooses existing groups: the chosen ones as chips, and a search over the rest. */
export function GroupPicker({
  id,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: PickedGroup[];
  onChange(groups: PickedGroup[]): void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const { client } = useConsole();
  const [text, setText] = useState("");
  const query = useDebouncedValue(text.trim());
  const [found, setFound] = useState<Group[] | null>(null);
  const [error, setError] = useState(false);

  useEffect(() => {
    let live = true;
    client.groups
      .list({ q: query || undefined, limit: SHOWN + value.length, sort: "name" })
      .then((result) => {
        if (!live) return;
        setFound(result.data);
        setError(false);
      })
      .catch(() => live && setError(true));
    return () => {
      live = false;
    };
    // Re-searching when the choice changes only makes room for more results.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, query]);

  const chosen = new Set(value.map((g) => g.id));
  const offered = (found ?? []).filter((g) => !chosen.has(g.id)).slice(0, SHOWN);

  return (
    <div className="group-picker">
      {value.length ? (
        <div className="chips" aria-label="Chosen groups">
          {value.map((group) => (
            <span className="chip chip-removable" key={group.id} data-testid="picked-group">
              {group.name}
              <button
                type="button"
                aria-label={`Remove group ${group.name}`}
                onClick={() => onChange(value.filter((g) => g.id !== group.id))}
              >
                <XIcon />
              </button>
            </span>
          ))}
        </div>
      ) : null}
      <input
        id={id}
        type="search"
        className="input"
        placeholder="Find a group"
        autoComplete="off"
        maxLength={100}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? <span className="hint">Groups cannot be listed right now.</span> : null}
      {found && offered.length === 0 && !error ? (
        <span className="hint">{query ? "No other group matches." : found.length ? "Every group is chosen." : "There are no groups yet."}</span>
      ) : null}
      {offered.length ? (
        <Suggestions label="Groups to add" items={offered} onPick={(group) => onChange([...value, { id: group.id, name: group.name }])}>
          {(group) => (
            <span>
              <strong>{group.name}</strong>
              <span className="sub">{countOf(group.memberCount, "member")}</span>
            </span>
          )}
        </Suggestions>
      ) : null}
    </div>
  );
}
