"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { Role } from "@steward/client";
import { useConsole } from "./console-context";
import { PlusIcon } from "./icons";
import { RoleForm } from "./role-form";
import { RoleMatrix } from "./role-matrix";
import { Alert, Confirm, ListHeader, WriteOutcome } from "./ui";
import { countOf } from "@/lib/format";
import { can, lacking } from "@/lib/permissions";
import { useAction } from "@/lib/use-action";
import { usePage } from "@/lib/use-page";
import { useRoleHolders } from "@/lib/use-role-holders";

/** Built-in roles first, then by name. */
const byKind = (a: Role, b: Role) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name);

/**
 * Roles as a permission matrix, with the users holding each. With
 * `roles:manage`: new custom roles, and changing or deleting those whose
 * permissions the operator holds (the API refuses the others). A role still
 * held is not deleted: the question before deleting says so.
 */
export function RolesView() {
  const { client, me, setCrumb } = useConsole();
  const { page, loading, error, reload } = usePage(() => client.roles.list(), [client]);
  const roles = [...(page?.data ?? [])].sort(byKind);
  const [version, setVersion] = useState(0);
  const holders = useRoleHolders(client, roles, can(me, "users.read"), version);
  const mayManage = can(me, "roles.manage");
  const [form, setForm] = useState<{ role?: Role } | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const change = useAction();

  useEffect(() => setCrumb(null), [setCrumb]);

  const refresh = () => {
    reload();
    setVersion((v) => v + 1);
  };

  const remove = (role: Role) =>
    change.run(async () => {
      await client.roles.delete(role.id);
      setDeleting(null);
      change.setNotice(`The role ${role.name} was deleted.`);
      refresh();
    });

  const held = deleting ? holders.get(deleting.name) : undefined;
  return (
    <>
      <ListHeader
        title="Roles"
        total={page ? countOf(page.total, "role") : null}
        totalTestId="roles-total"
        after=" · what operators may do"
        action={
          mayManage && !form ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setForm({});
                setDeleting(null);
                change.setNotice(null);
              }}
            >
              <PlusIcon />
              New role
            </button>
          ) : null
        }
      />

      <div className="stack space-below-lg">
        {form ? (
          <RoleForm
            key={form.role?.id ?? "new"}
            role={form.role}
            onSaved={(role) => {
              setForm(null);
              change.setNotice(form.role ? `The role ${role.name} was saved.` : `The role ${role.name} was created.`);
              refresh();
            }}
            onCancel={() => setForm(null)}
          />
        ) : null}
        {deleting ? (
          <Confirm
            testId="role-confirm"
            title={`Delete the role ${deleting.name}?`}
            confirmLabel="Delete role"
            busyLabel="Deleting…"
            busy={change.busy}
            error={change.error}
            errorTitle="Role not deleted"
            onConfirm={() => void remove(deleting)}
            onCancel={() => setDeleting(null)}
          >
            {held ? (
              <>
                {countOf(held, "user")} {held === 1 ? "holds" : "hold"} it: a role is not deleted while anyone holds it, so nobody loses access
                without a revocation on record. <Link href={`/users?role=${encodeURIComponent(deleting.name)}`}>Revoke it from them</Link> first.
              </>
            ) : (
              "A role is not deleted while anyone holds it; the API refuses it then. This cannot be undone."
            )}
          </Confirm>
        ) : null}
        <WriteOutcome notice={change.notice} noticeTestId="roles-notice" error={deleting ? null : change.error} errorTitle="Role not deleted" />
      </div>

      <section className="card" aria-label="Roles">
        {error ? (
          <div className="pad">
            <Alert tone="error" title="Could not load roles">
              {error}
            </Alert>
          </div>
        ) : null}
        <div className={`loading-bar${loading ? " active" : ""}`} aria-hidden />
        {page ? (
          <RoleMatrix
            roles={roles}
            holders={holders}
            busy={change.busy}
            mayChange={(role) => mayManage && !role.builtIn && lacking(me, role.permissions).length === 0}
            onEdit={(role) => {
              setForm({ role });
              setDeleting(null);
              change.setNotice(null);
            }}
            onDelete={(role) => {
              setDeleting(role);
              setForm(null);
              change.setNotice(null);
            }}
          />
        ) : null}
      </section>
    </>
  );
}
