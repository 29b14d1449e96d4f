"use client";

import Link from "next/link";
import type { GroupMember } from "@steward/client";
import { useConsole } from "./console-context";
import { ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { UserAdder } from "./user-adder";
import { formatDate, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

const LIMIT = 25;

/** A group's members, by username, a page at a time; add and remove. */
export function GroupMembers({ groupId, onChange }: { groupId: string; onChange(): void }) {
  const { client } = useConsole();
  const paging = useCursorPages(groupId);
  const { page, loading, error, reload } = usePage(
    () => client.groups.members.list(groupId, { limit: LIMIT, cursor: paging.cursor }),
    [client, groupId, paging.cursor],
  );
  const removal = useAction();

  const changed = (message: string) => {
    removal.setNotice(message);
    reload();
    onChange();
  };

  const remove = (member: GroupMember) =>
    removal.run(async () => {
      await client.groups.members.remove(groupId, member.id);
      changed(`${member.username} left the group.`);
    }, member.id);

  const shownError = removal.error ?? error;
  return (
    <section className="card" aria-labelledby="members-title">
      <div className="card-header">
        <div>
          <h2 id="members-title">Members</h2>
          <p>Add users by username; members stay users when they leave.</p>
        </div>
      </div>
      <div className="card-body stack">
        <UserAdder
          inputId="member-username"
          label="Username to add"
          formLabel="Add a member"
          actionLabel="Add member"
          busyLabel="Adding…"
          onAdd={async (user) => {
            await client.groups.members.add(groupId, user.id);
            changed(`${user.username} joined the group.`);
          }}
        />
        <WriteOutcome notice={removal.notice} noticeTestId="members-notice" error={shownError} />
      </div>
      <ListTable
        columns={["Username", "Name", "Joined"]}
        actions
        page={page}
        loading={loading}
        empty={
          <>
            <strong>No members</strong>
            {paging.pageIndex === 0 ? "Add a user above." : "This page is empty now."}
          </>
        }
      >
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
              <RowRemoveButton
                label={removal.running === member.id ? "Removing…" : "Remove"}
                ariaLabel={`Remove ${member.username}`}
                disabled={removal.busy}
                onClick={() => void remove(member)}
              />
            </td>
          </tr>
        ))}
      </ListTable>
      <Pager paging={paging} page={page} limit={LIMIT} loading={loading} />
    </section>
  );
}
