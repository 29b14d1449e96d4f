"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { Group } from "@steward/client";
import { useConsole } from "./console-context";
import { GroupIcon } from "./icons";
import { Alert } from "./ui";
import { messageOf } from "@/lib/errors";
import { countOf } from "@/lib/format";

/** The groups a user belongs to, each a link to its group. `version` re-reads them. */
export function UserGroups({ userId, version }: { userId: string; version: string }) {
  const { client } = useConsole();
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.users
      .groups(userId)
      .then((result) => {
        if (!live) return;
        setGroups(result.data);
        setError(null);
      })
      .catch((err) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [client, userId, version]);

  return (
    <section className="card" aria-labelledby="groups-title">
      <div className="card-header">
        <div>
          <h2 id="groups-title">Groups</h2>
          <p>Add or remove members on a group&apos;s page.</p>
        </div>
        <GroupIcon width={18} height={18} className="faint" />
      </div>
      <div className="card-body">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {groups === null && !error ? <div className="skeleton skeleton-line wide" /> : null}
        {groups?.length === 0 ? <p className="muted flush">Not in any group.</p> : null}
        {groups?.map((group) => (
          <div className="role-row" key={group.id} data-testid="user-group">
            <Link href={`/groups/${group.id}`} className="role-name">
              {group.name}
            </Link>
            <span className="muted">
              {countOf(group.memberCount, "member")}
            </span>
          </div>
        ))}
      </div>
    </section>
  );
}
