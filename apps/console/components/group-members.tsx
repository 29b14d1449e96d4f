"use client";

import Link from "next/link";
import { useState } from "react";
import type { GroupMember } from "@steward/client";
import { useConsole } from "./console-context";
import { Confirm, ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { UserAdder } from "./user-adder";
import { formatDate, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

const LIMIT = 25;

/**
 * A group's members, by username, a page at a time; with `groups:manage`,
 * add them, and remove one after a confirmation.
 */
export function GroupMembers({
  groupId,
  groupName,
  mayManage,
  onChange,
}: {
  groupId: string;
  groupName: string;
  mayManage: boolean;
  onChange(): void;
}) {
  const { client } = useConsole();
  const paging = useCursorPages(groupId);
  const { page, loading, error, reload } = usePage(
    () => client.groups.members.list(groupId, { limit: LIMIT, cursor: paging.cursor }),
    [client, groupId, paging.cursor],
  );
  const removal = useAction();
  const [removing, setRemoving] = useState<GroupMember | null>(null);

  const changed = (message: string) => {
    removal.setNotice(message);
    reload();
    onChange();
  };

  const remove = (member: GroupMember) =>
    removal.run(async () => {
      await client.groups.members.remove(groupId, member.id);
      setRemoving(null);
      changed(`${member.username} left the group.`);
    }, member.id);

  const shownError = removing ? error : (removal.error ?? error);
  return (
    <section className="card" aria-labelledby="members-title">
      <div className="card-header">
        <div>
          <h2 id="members-title">Members</h2>
          <p>{mayManage ? "Add users by username; members stay users when they leave." : "Who belongs to this group."}</p>
        </div>
      </div>
      {removing ? (
        <Confirm
          testId="member-confirm"
          title={`Remove ${removing.username} from ${groupName}?`}
          confirmLabel="Remove member"
          busyLabel="Removing…"
          busy={removal.busy}
          error={removal.error}
          errorTitle="Member not removed"
          onConfirm={() => void remove(removing)}
          onCancel={() => {
            setRemoving(null);
            removal.setError(null);
          }}
        >
          {removing.username} leaves the group, and with it whatever the group gives its members elsewhere (its chat room, access
          other systems grant to the group). The account stays; you can add them again.
        </Confirm>
      ) : null}
      {mayManage || removal.notice || shownError ? (
        <div className="card-body stack">
          {mayManage ? (
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
          ) : null}
          <WriteOutcome notice={removal.notice} noticeTestId="members-notice" error={shownError} />
        </div>
      ) : null}
      <ListTable
        columns={["Username", "Name", "Joined"]}
        actions={mayManage}
        page={page}
        loading={loading}
        empty={
          <>
            <strong>No members</strong>
            {paging.pageIndex !== 0 ? "This page is empty now." : mayManage ? "Add a user above." : "Nobody belongs to it yet."}
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
            {mayManage ? (
              <td className="cell-actions">
                <RowRemoveButton
                  label="Remove"
                  ariaLabel={`Remove ${member.username}`}
                  disabled={removal.busy}
                  onClick={() => {
                    removal.setNotice(null);
                    setRemoving(member);
                  }}
                />
              </td>
            ) : null}
          </tr>
        ))}
      </ListTable>
      <Pager paging={paging} page={page} limit={LIMIT} loading={loading} />
    </section>
  );
}
