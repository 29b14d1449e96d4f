"use client";

import Link from "next/link";
import { useState } from "react";
import type { Follow, User } from "@steward/client";
import { useConsole } from "./console-context";
import { Confirm, ListTable, Pager, RowRemoveButton, WriteOutcome } from "./ui";
import { UserAdder } from "./user-adder";
import { formatDate, formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/paging";
import { can } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";

const LIMIT = 10;

type Direction = "following" | "followers";

/** Both directions of a user's follows, side by side, each paged by username. */
export function UserFollows({ user }: { user: User }) {
  const { me } = useConsole();
  // Follows are a write on the follower's account (users:update); the API still applies the rank rule.
  const mayChange = can(me, "users.update");
  return (
    <section className="card space-above-lg" aria-labelledby="follows-title">
      <div className="card-header">
        <div>
          <h2 id="follows-title">Follows</h2>
          <p>Whom {user.username} follows, and who follows {user.username}.</p>
        </div>
      </div>
      <div className="follows-grid">
        <FollowList user={user} direction="following" mayChange={mayChange} />
        <FollowList user={user} direction="followers" mayChange={mayChange} />
      </div>
    </section>
  );
}

function FollowList({ user, direction, mayChange }: { user: User; direction: Direction; mayChange: boolean }) {
  const { client } = useConsole();
  const paging = useCursorPages(`${user.id}/${direction}`);
  const { page, loading, error, reload } = usePage(
    () => client.users[direction].list(user.id, { limit: LIMIT, cursor: paging.cursor }),
    [client, user.id, direction, paging.cursor],
  );
  const change = useAction();
  const [ending, setEnding] = useState<Follow | null>(null);
  const title = direction === "following" ? "Following" : "Followers";

  const changed = (message: string) => {
    setEnding(null);
    change.setNotice(message);
    paging.reset();
    reload();
  };

  // Ending a follow: the user stops following them, or they stop following the user.
  const end = (other: Follow) =>
    change.run(async () => {
      if (direction === "following") {
        await client.users.following.remove(user.id, other.id);
        changed(`${user.username} no longer follows ${other.username}.`);
      } else {
        await client.users.following.remove(other.id, user.id);
        changed(`${other.username} no longer follows ${user.username}.`);
      }
    }, other.id);

  const shownError = ending ? error : (change.error ?? error);
  return (
    <section className="follows-side" aria-labelledby={`${direction}-title`}>
      <div className="follows-side-header">
        <h3 id={`${direction}-title`}>{title}</h3>
        <span className="muted" data-testid={`${direction}-total`}>
          {page ? page.total.toLocaleString("en") : "\u00a0"}
        </span>
      </div>
      {ending ? (
        <Confirm
          testId="follow-confirm"
          title={direction === "following" ? `Make ${user.username} unfollow ${ending.username}?` : `Remove ${ending.username} from ${user.username}'s followers?`}
          confirmLabel={direction === "following" ? "Unfollow" : "Remove follower"}
          busyLabel="Removing…"
          busy={change.busy}
          error={change.error}
          errorTitle="Follow not ended"
          onConfirm={() => void end(ending)}
          onCancel={() => {
            setEnding(null);
            change.setError(null);
          }}
        >
          {direction === "following"
            ? `${user.username} no longer follows ${ending.username}, on every service that reads follows from Steward.`
            : `${ending.username} no longer follows ${user.username}, on every service that reads follows from Steward.`}{" "}
          Nothing else changes; the follow can be made again later.
        </Confirm>
      ) : null}
      {(direction === "following" && mayChange) || change.notice || shownError ? (
        <div className="follows-side-body stack">
          {direction === "following" && mayChange ? (
            <UserAdder
              inputId="follow-username"
              label="Username to follow"
              formLabel={`Make ${user.username} follow a user`}
              actionLabel="Follow"
              busyLabel="Following…"
              pickLabel="Follow"
              onAdd={async (other) => {
                await client.users.following.add(user.id, other.id);
                changed(`${user.username} now follows ${other.username}.`);
              }}
            />
          ) : null}
          <WriteOutcome notice={change.notice} noticeTestId={`${direction}-notice`} error={shownError} />
        </div>
      ) : null}
      <ListTable
        columns={["User", "Since"]}
        actions={mayChange}
        page={page}
        loading={loading}
        empty={direction === "following" ? `${user.username} follows no one.` : `No one follows ${user.username}.`}
      >
        {page?.data.map((other) => (
          <tr key={other.id} data-testid={`${direction}-row`} className="static">
            <td className="cell-strong">
              <Link href={`/users/${other.id}`}>{other.username}</Link>
              {other.local ? null : <span className="chip space-left">remote</span>}
              {other.displayName ? <span className="sub">{other.displayName}</span> : null}
            </td>
            <td className="nowrap" title={formatDateTime(other.since)}>
              {formatDate(other.since)}
            </td>
            {mayChange ? (
              <td className="cell-actions">
                <RowRemoveButton
                  label={direction === "following" ? "Unfollow" : "Remove"}
                  ariaLabel={direction === "following" ? `Unfollow ${other.username}` : `Remove follower ${other.username}`}
                  disabled={change.busy}
                  onClick={() => {
                    change.setNotice(null);
                    setEnding(other);
                  }}
                />
              </td>
            ) : null}
          </tr>
        ))}
      </ListTable>
      <Pager paging={paging} page={page} limit={LIMIT} loading={loading} onlyWhenPaged />
    </section>
  );
}
