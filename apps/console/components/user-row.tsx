"use client";

import Link from "next/link";
import type { MouseEvent } from "react";
import type { User } from "@steward/client";
import { Avatar, StatusBadge } from "./ui";
import { formatDate, formatDateTime, personName } from "@/lib/format";
import type { Selection } from "@/lib/selection";

/** The users table's columns, after the pick column when there is one. */
export const USER_COLUMNS = ["Username", "Email", "Name", "Status", "Roles", "Tags", "Created"];

/**
 * One user in the users table; a click anywhere but a control opens the
 * user (in a new tab with Ctrl or ⌘). With `selection`, a box to pick it.
 */
export function UserRow({ user, selection, onOpen }: { user: User; selection?: Selection; onOpen(user: User, newTab: boolean): void }) {
  const open = (event: MouseEvent<HTMLTableRowElement>) => {
    if ((event.target as HTMLElement).closest("a, button, label, input")) return;
    onOpen(user, event.metaKey || event.ctrlKey);
  };
  return (
    <tr data-testid="user-row" className={selection?.ids.has(user.id) ? "selected" : undefined} onClick={open}>
      {selection ? (
        <td className="cell-select">
          <label>
            <input
              type="checkbox"
              checked={selection.ids.has(user.id)}
              onChange={(e) => selection.set([user.id], e.target.checked)}
              aria-label={`Select ${user.username}`}
            />
          </label>
        </td>
      ) : null}
      <td>
        <div className="cell-user">
          <Avatar user={user} />
          <div>
            <Link href={`/users/${user.id}`}>{user.username}</Link>
            {!user.local && user.domain ? <span className="sub">@{user.domain}</span> : null}
          </div>
        </div>
      </td>
      <td>{user.email ?? <span className="faint">—</span>}</td>
      <td>{personName(user) ?? <span className="faint">—</span>}</td>
      <td>
        <StatusBadge status={user.status} />
      </td>
      <td>
        <Chips values={user.roles} className="chip chip-role" />
      </td>
      <td>
        <Chips values={user.tags} className="chip" />
      </td>
      <td className="nowrap" title={formatDateTime(user.createdAt)}>
        {formatDate(user.createdAt)}
      </td>
    </tr>
  );
}

/** A loading row's placeholder cells, as many as the table has columns. */
export function UserRowSkeleton({ withSelect }: { withSelect: boolean }) {
  return (
    <tr aria-hidden>
      {Array.from({ length: USER_COLUMNS.length + (withSelect ? 1 : 0) }, (_, j) => (
        <td key={j}>
          <div className={j === 0 ? "skeleton skeleton-line wide" : "skeleton skeleton-line"} />
        </td>
      ))}
    </tr>
  );
}

/** The head of the pick column: picks or drops the whole page; half-checked when some of it is picked. */
export function PageSelectBox({ selection, pageIds }: { selection: Selection; pageIds: string[] }) {
  const picked = pageIds.filter((id) => selection.ids.has(id)).length;
  return (
    <label>
      <input
        type="checkbox"
        checked={picked > 0 && picked === pageIds.length}
        disabled={pageIds.length === 0}
        ref={(box) => {
          if (box) box.indeterminate = picked > 0 && picked < pageIds.length;
        }}
        onChange={(e) => selection.set(pageIds, e.target.checked)}
        aria-label="Select all users on this page"
      />
    </label>
  );
}

/** Roles or tags as chips, or a dash for none. */
function Chips({ values, className }: { values: string[]; className: string }) {
  return (
    <div className="chips">
      {values.length ? (
        values.map((value) => (
          <span key={value} className={className}>
            {value}
          </span>
        ))
      ) : (
        <span className="faint">—</span>
      )}
    </div>
  );
}
