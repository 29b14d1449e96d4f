"use client";

import { useState, type FormEvent } from "react";
import { BOOKMARK_URL_MAX_LENGTH, type Bookmark, type UpdateBookmarkInput } from "@steward/client";
import { useConsole } from "./console-context";
import { CreateForm, TextField } from "./ui";
import { messageOf, reasonOf } from "@/lib/errors";
import { useSubmit } from "@/lib/use-action";

/**
 * A bookmark's form: new (`bookmark` absent) or changing one. Its name, the
 * URL it points to (http or https, checked by the API) and, optionally, the
 * access token that opens it (an emptied token is removed).
 */
export function BookmarkForm({ bookmark, onSaved, onCancel }: { bookmark?: Bookmark; onSaved(bookmark: Bookmark): void; onCancel(): void }) {
  const { client } = useConsole();
  const [name, setName] = useState(bookmark?.name ?? "");
  const [url, setUrl] = useState(bookmark?.url ?? "");
  const [token, setToken] = useState(bookmark?.accessToken ?? "");
  const { busy, setBusy, error, setError, fields, setFields, submit } = useSubmit();
  const idPrefix = bookmark ? `bookmark-${bookmark.id}` : "new-bookmark";

  // A URL the API refuses is said at its field.
  const send = (work: () => Promise<Bookmark>) =>
    submit(async () => {
      let saved: Bookmark;
      try {
        saved = await work();
      } catch (err) {
        if (reasonOf(err) !== "invalid_bookmark_url") throw err;
        setFields({ url: messageOf(err) });
        setBusy(false);
        return;
      }
      onSaved(saved);
    });

  function save(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = "Give the bookmark a name.";
    if (!url.trim()) problems.url = "Give the address it points to.";
    if (Object.keys(problems).length) {
      setFields(problems);
      setError(null);
      return;
    }
    const accessToken = token.trim() || null;
    if (!bookmark) {
      void send(() => client.account.bookmarks.create({ name: name.trim(), url: url.trim(), accessToken }));
      return;
    }
    const patch: UpdateBookmarkInput = {};
    if (name.trim() !== bookmark.name) patch.name = name.trim();
    if (url.trim() !== bookmark.url) patch.url = url.trim();
    if (accessToken !== bookmark.accessToken) patch.accessToken = accessToken;
    if (!Object.keys(patch).length) {
      onCancel();
      return;
    }
    void send(() => client.account.bookmarks.update(bookmark.id, patch));
  }

  return (
    <CreateForm
      titleId={`${idPrefix}-title`}
      title={bookmark ? `Edit bookmark ${bookmark.name}` : "New bookmark"}
      description="A link to data someone shared with you, and the token that opens it."
      error={error}
      errorTitle={bookmark ? "Bookmark not saved" : "Bookmark not created"}
      busy={busy}
      submitLabel={bookmark ? "Save bookmark" : "Create bookmark"}
      busyLabel={bookmark ? "Saving…" : "Creating…"}
      onSubmit={save}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField
          id={`${idPrefix}-name`}
          label="Name"
          error={fields.name}
          autoFocus
          autoComplete="off"
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          id={`${idPrefix}-url`}
          label="URL"
          type="url"
          error={fields.url}
          hint="An http:// or https:// address."
          autoComplete="off"
          placeholder="https://data.example.org/alice"
          maxLength={BOOKMARK_URL_MAX_LENGTH}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <TextField
          id={`${idPrefix}-token`}
          label="Access token (optional)"
          className="span-2"
          error={fields.accessToken}
          hint={bookmark?.accessToken ? "Empty it to remove the token kept with this bookmark." : "Kept encrypted with the bookmark."}
          autoComplete="off"
          spellCheck={false}
          maxLength={512}
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
      </div>
    </CreateForm>
  );
}
