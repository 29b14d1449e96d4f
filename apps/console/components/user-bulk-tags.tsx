"use client";

import { useState } from "react";
import { useConsole } from "./console-context";
import { Alert, Confirm, WriteOutcome } from "./ui";
import { fieldMessageOf } from "@/lib/errors";
import { countOf } from "@/lib/format";
import type { Selection } from "@/lib/selection";
import { parseTags } from "@/lib/tags";
import { useAction } from "@/lib/use-action";

/** The API takes at most this many users in one bulk change. */
const MAX_USERS = 500;

type Change = "add" | "remove";

/** "Added tag vip to 3 users; 1 user had it already.", "Removed tag vip from 2 users; 1 user did not have it." */
function outcomeOf(change: Change, tags: string[], named: number, changed: number): string {
  const what = tags.length === 1 ? `tag ${tags[0]}` : `tags ${tags.join(", ")}`;
  const unchanged = named - changed;
  if (change === "add") {
    const rest = unchanged ? `; ${countOf(unchanged, "user")} had ${tags.length === 1 ? "it" : "them all"} already` : "";
    return `Added ${what} to ${countOf(changed, "user")}${rest}.`;
  }
  const rest = unchanged ? `; ${countOf(unchanged, "user")} did not have ${tags.length === 1 ? "it" : "any of them"}` : "";
  return `Removed ${what} from ${countOf(changed, "user")}${rest}.`;
}

/**
 * Adds tags to, or removes them from, the users picked in the list, in one
 * request (all or nothing), says how many changed and has the list read again
 * (`onChanged`) so the new tags show. The picks stay, for another change.
 * Removing asks first, saying from how many users and which tags.
 */
export function UserBulkTags({ selection, onChanged }: { selection: Selection; onChanged(): void }) {
  const { client } = useConsole();
  const [text, setText] = useState("");
  const action = useAction();
  const { busy, running, notice, setNotice, error } = action;
  const count = selection.ids.size;
  const tags = parseTags(text);
  const tooMany = count > MAX_USERS;
  const [confirmRemove, setConfirmRemove] = useState<string[] | null>(null);

  const apply = (change: Change, list: string[] = tags) =>
    action.run(async () => {
      const userIds = [...selection.ids];
      try {
        const result =
          change === "add" ? await client.users.addTagsToMany(userIds, list) : await client.users.removeTagsFromMany(userIds, list);
        setNotice(outcomeOf(change, list, userIds.length, result.changed));
        setConfirmRemove(null);
      } catch (err) {
        throw new Error(fieldMessageOf(err, "tags"));
      }
      onChanged();
    }, change);

  const plural = tags.length > 1 ? "tags" : "tag";
  return (
    <div className="bulk">
      <div className="bulk-bar" role="group" aria-label="Tag the selected users">
        <span className="bulk-count" data-testid="selected-count">
          {count ? `${countOf(count, "user")} selected` : "Select users to tag them"}
        </span>
        <label htmlFor="bulk-tags" className="sr-only">
          Tags for the selected users
        </label>
        <input
          id="bulk-tags"
          className="input input-tag"
          placeholder="Tags"
          title="Separate tags with commas or spaces"
          autoComplete="off"
          maxLength={200}
          value={text}
          disabled={!count}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="button" className="btn btn-sm" disabled={!count || !tags.length || tooMany || busy} onClick={() => void apply("add")}>
          {running === "add" ? "Adding…" : `Add ${plural}`}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!count || !tags.length || tooMany || busy}
          onClick={() => {
            setNotice(null);
            setConfirmRemove(tags);
          }}
        >
          {running === "remove" ? "Removing…" : `Remove ${plural}`}
        </button>
        {count ? (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            disabled={busy}
            onClick={() => {
              selection.clear();
              setNotice(null);
            }}
          >
            Clear selection
          </button>
        ) : null}
      </div>
      {confirmRemove ? (
        <Confirm
          testId="bulk-remove-confirm"
          title={`Remove ${confirmRemove.length === 1 ? `the tag ${confirmRemove[0]}` : `${confirmRemove.length} tags`} from ${countOf(count, "user")}?`}
          confirmLabel={confirmRemove.length === 1 ? "Remove tag" : "Remove tags"}
          busyLabel="Removing…"
          busy={busy}
          error={error}
          errorTitle="Tags not changed"
          onConfirm={() => void apply("remove", confirmRemove)}
          onCancel={() => {
            setConfirmRemove(null);
            action.setError(null);
          }}
        >
          {`${confirmRemove.join(", ")} ${confirmRemove.length === 1 ? "is" : "are"} taken off every selected user that has ${confirmRemove.length === 1 ? "it" : "them"}, in one change (all or nothing). Nothing else about the users changes.`}
        </Confirm>
      ) : null}
      {tooMany || notice || (error && !confirmRemove) ? (
        <div className="bulk-messages">
          {tooMany ? <Alert tone="warning">At most {MAX_USERS} users can be tagged at once; pick fewer.</Alert> : null}
          <WriteOutcome notice={notice} noticeTestId="bulk-notice" error={confirmRemove ? null : error} errorTitle="Tags not changed" />
        </div>
      ) : null}
    </div>
  );
}
