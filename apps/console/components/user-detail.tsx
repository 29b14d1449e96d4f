"use client";

import { useCallback, useEffect, useState } from "react";
import { useCan, useConsole } from "./console-context";
import { OwnPermissions } from "./own-permissions";
import { LoadFailed, Spinner } from "./ui";
import { UserAccount } from "./user-account";
import { UserAudit } from "./user-audit";
import { UserFollows } from "./user-follows";
import { UserGroups } from "./user-groups";
import { UserHeader } from "./user-header";
import { UserMfaReset } from "./user-mfa-reset";
import { UserPasswordReset } from "./user-password-reset";
import { UserProfile } from "./user-profile";
import { UserResources } from "./user-resources";
import { UserRoles } from "./user-roles";
import { UserSessions } from "./user-sessions";
import { messageOf, statusOf } from "@/lib/errors";
import type { Versioned } from "@/lib/user-profile";

/**
 * One user's page: reads the user (with its ETag) and lays out a card per
 * concern, each in its own file. A card the operator may not read (sessions,
 * groups, the audit trail) is left out; each card offers only the writes the
 * operator may make (lib/permissions.ts).
 */
export function UserDetail({ id }: { id: string }) {
  const { client, setCrumb } = useConsole();
  const can = useCan();
  const [record, setRecord] = useState<Versioned | null>(null);
  const [loadError, setLoadError] = useState<{ status?: number; message: string } | null>(null);

  useEffect(() => {
    let live = true;
    client.users
      .getWithETag(id)
      .then((value) => live && setRecord(value))
      .catch((error) => live && setLoadError({ status: statusOf(error), message: messageOf(error) }));
    return () => {
      live = false;
    };
  }, [client, id]);

  useEffect(() => {
    if (!record) return;
    setCrumb(record.user.username);
    document.title = `${record.user.username} · Users · Steward`;
  }, [record, setCrumb]);
  useEffect(() => () => setCrumb(null), [setCrumb]);

  /** Re-reads the user (for a fresh ETag) after a write; unsaved profile edits stay. */
  const reload = useCallback(async () => {
    const fresh = await client.users.getWithETag(id);
    setRecord(fresh);
    return fresh;
  }, [client, id]);

  if (loadError) return <LoadFailed what="user" error={loadError} backHref="/users" backLabel="Back to users" />;
  if (!record) return <Spinner label="Loading user" />;
  const { user } = record;

  return (
    <>
      <UserHeader user={user} onChange={reload} />
      <div className="detail-grid">
        <UserProfile record={record} reload={reload} replace={setRecord} />
        <div className="stack">
          <UserRoles user={user} onChange={reload} />
          <OwnPermissions user={user} onChange={reload} />
          {can("users.update") ? <UserPasswordReset user={user} /> : null}
          <UserMfaReset user={user} onChange={reload} />
          {can("users.groups") ? <UserGroups userId={user.id} version={record.etag} /> : null}
          <UserAccount user={user} />
        </div>
      </div>
      <UserResources user={user} />
      <UserFollows user={user} />
      {can("sessions.read") ? <UserSessions userId={user.id} username={user.username} /> : null}
      {can("audit.read") ? <UserAudit user={user} version={record.etag} /> : null}
    </>
  );
}
