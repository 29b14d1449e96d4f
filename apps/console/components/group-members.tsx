"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import type { GroupMember, Page } from "@steward/client";
import { useConsole } from "./console-context";
import { MemberAdder } from "./member-adder";
import { XIcon } from "./icons";
import { Alert, Pager } from "./ui";
import { messageOf } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/format";
import { rangeLabel, useCursorPages } from "@/lib/paging";

const LIMIT = 25;

/** A group's members, by username, a page at a time; add and remove. */
export function GroupMembers({ groupId, onChange }: { groupId: string; onChange(): void }) {
  const { client } = useConsole();
  const paging = useCursorPages(groupId);
  const [page, setPage] = useState<Page<GroupMember> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Bumped after a write so the current page is read again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.groups.members
      .list(groupId, { limit: LIMIT, cursor: paging.cursor })
      .then((result) => {
        if (!live) return;
        setPage(result);
        setError(null);
      })
      .catch((err) => live && setError(messageOf(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [client, groupId, paging.cursor, version]);

  const changed = useCallback(
    (message: string) => {
      setNotice(message);
      setVersion((v) => v + 1);
      onChange();
    },
    [onChange],
  );

  async function remove(member: GroupMember) {
    setBusy(member.id);
    setError(null);
    setNotice(null);
    try {
      await client.groups.members.remove(groupId, member.id);
      changed(`${member.username} left the group.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  const total = page?.total ?? 0;
  return (
    <section className="card" aria-labelledby="members-title">
      <div className="card-header">
        <div>
          <h2 id="members-title">Members</h2>
          <p>Add users by username; members stay users when they leave.</p>
        </div>
      </div>
      <div className="card-body stack">
        <MemberAdder groupId={groupId} onAdded={(username) => changed(`${username} joined the group.`)} />
        {notice ? (
          <Alert tone="success" testId="members-notice">
            {notice}
          </Alert>
        ) : null}
        {error ? <Alert tone="error">{error}</Alert> : null}
      </div>
      <div className={`loading-bar${loading ? " active" : ""}`} aria-hidden />
      <div className={`table-wrap${loading && page ? " is-loading" : ""}`} aria-busy={loading}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Name</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page?.data.map((member) => (
              <tr key={member.id} data-testid="member-row" className="static">
                <td className="cell-strong">
                  <Link href={`/users/${member.id}`}>{member.username}</Link>
                </td>
                <td>{member.displayName ?? <span className="faint">—</span>}</td>
                <td className="nowrap" title={formatDateTime(member.joinedAt)}>
                  {formatDate(member.joinedAt)}
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    disabled={busy !== null}
                    onClick={() => void remove(member)}
                    aria-label={`Remove ${member.username}`}
                  >
                    <XIcon />
                    {busy === member.id ? "Removing…" : "Remove"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.data.length === 0 ? (
          <div className="empty">
            <strong>No members</strong>
            {paging.pageIndex === 0 ? "Add a user above." : "This page is empty now."}
          </div>
        ) : null}
      </div>
      <Pager
        label={page ? rangeLabel(paging.pageIndex, LIMIT, page.data.length, total) : "\u00a0"}
        pageIndex={paging.pageIndex}
        hasNext={Boolean(page?.nextCursor)}
        loading={loading}
        onPrevious={paging.previous}
        onNext={() => paging.next(page?.nextCursor)}
      />
    </section>
  );
}
