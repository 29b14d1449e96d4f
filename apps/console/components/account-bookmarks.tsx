"use client";

import { useState } from "react";
import type { Bookmark } from "@steward/client";
import { useConsole } from "./console-context";
import { AccountHeader } from "./account-nav";
import { BookmarkForm } from "./bookmark-form";
import { PencilIcon, PlusIcon } from "./icons";
import { Confirm, ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { countOf, formatDate, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

const LIMIT = 25;

/**
 * Your bookmarks, by name: links to data others shared with you, each with
 * the token that opens it (kept encrypted; the list says only whether there
 * is one). Create, edit, delete after a confirmation.
 */
export function AccountBookmarks() {
  const { client } = useConsole();
  const paging = useCursorPages("bookmarks");
  const { page, loading, error, reload } = usePage(() => client.account.bookmarks.list({ limit: LIMIT, cursor: paging.cursor }), [client, paging.cursor]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Bookmark | null>(null);
  const [deleting, setDeleting] = useState<Bookmark | null>(null);
  const action = useAction();
  const { busy, notice, setNotice } = action;

  const refresh = () => {
    paging.reset();
    reload();
  };
  const closeAll = () => {
    setCreating(false);
    setEditing(null);
    setDeleting(null);
    setNotice(null);
    action.setError(null);
  };

  const remove = (bookmark: Bookmark) =>
    action.run(async () => {
      await client.account.bookmarks.delete(bookmark.id);
      setDeleting(null);
      setNotice(`The bookmark ${bookmark.name} was deleted.`);
      refresh();
    }, bookmark.id);

  return (
    <>
      <AccountHeader title="Bookmarks" crumb="Bookmarks">
        Links to data others shared with you, each with the token that opens it.
      </AccountHeader>
      <div className="stack">
        {creating || editing ? (
          <BookmarkForm
            key={editing?.id ?? "new"}
            bookmark={editing ?? undefined}
            onSaved={(saved) => {
              setNotice(editing ? `The bookmark ${saved.name} was saved.` : `The bookmark ${saved.name} was created.`);
              setCreating(false);
              setEditing(null);
              refresh();
            }}
            onCancel={() => {
              setCreating(false);
              setEditing(null);
            }}
          />
        ) : null}
        {deleting ? (
          <Confirm
            testId="bookmark-confirm"
            title={`Delete the bookmark ${deleting.name}?`}
            confirmLabel="Delete bookmark"
            busyLabel="Deleting…"
            busy={busy}
            error={action.error}
            errorTitle="Bookmark not deleted"
            onConfirm={() => void remove(deleting)}
            onCancel={() => setDeleting(null)}
          >
            The link and the token kept with it are forgotten. The data it points to is not touched.
          </Confirm>
        ) : null}
        <WriteOutcome notice={notice} noticeTestId="bookmarks-notice" error={deleting ? null : action.error} errorTitle="Bookmark not deleted" />

        <section className="card" aria-labelledby="bookmarks-title">
          <div className="card-header">
            <div>
              <h2 id="bookmarks-title">Your bookmarks</h2>
              <p>
                <span data-testid="bookmarks-total">{page ? countOf(page.total, "bookmark") : "\u00a0"}</span>
              </p>
            </div>
            {creating || editing ? null : (
              <button
                type="button"
                className="btn btn-primary btn-sm"
                onClick={() => {
                  closeAll();
                  setCreating(true);
                }}
              >
                <PlusIcon />
                New bookmark
              </button>
            )}
          </div>
          <ListTable
            columns={["Name", "URL", "Token", "Added"]}
            actions
            page={page}
            loading={loading}
            loadError={{ title: "Could not load your bookmarks", message: error }}
            empty={
              <>
                <strong>No bookmarks</strong>
                Keep a link to data shared with you with New bookmark.
              </>
            }
          >
            {page?.data.map((bookmark) => (
              <tr key={bookmark.id} data-testid="bookmark-row" className="static">
                <td className="cell-strong">{bookmark.name}</td>
                <td className="mono cell-url">
                  {/^https?:\/\//i.test(bookmark.url) ? (
                    <a href={bookmark.url} target="_blank" rel="noreferrer noopener">
                      {bookmark.url}
                    </a>
                  ) : (
                    bookmark.url
                  )}
                </td>
                <td>{bookmark.accessToken ? <span className="chip">Kept</span> : <span className="muted">None</span>}</td>
                <td className="nowrap" title={formatDateTime(bookmark.createdAt)}>
                  {formatDate(bookmark.createdAt)}
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    disabled={busy}
                    aria-label={`Edit the bookmark ${bookmark.name}`}
                    onClick={() => {
                      closeAll();
                      setEditing(bookmark);
                    }}
                  >
                    <PencilIcon />
                    Edit
                  </button>
                  <RowRemoveButton
                    label="Delete"
                    ariaLabel={`Delete the bookmark ${bookmark.name}`}
                    disabled={busy}
                    onClick={() => {
                      closeAll();
                      setDeleting(bookmark);
                    }}
                  />
                </td>
              </tr>
            ))}
          </ListTable>
          <Pager paging={paging} page={page} limit={LIMIT} loading={loading} onlyWhenPaged />
        </section>
      </div>
    </>
  );
}
