import type { ServiceContext } from "../kernel/context.ts";
import { notFound } from "../kernel/errors.ts";
import { selectUsers, type UserRecord } from "../users/user-view.ts";
import { userRefSql, type UserRef } from "../users/users.ts";

/**
 * Operators are users who hold some permission, through roles or their own
 * (`directPermissions`): the people who run the platform. Accounts hold
 * none. One user table and one permission model (DESIGN.md); what sets
 * operators apart is the `operators:*` permissions their use cases need (a
 * file per use case beside this one).
 */

/** A user read with every permission they hold. */
export type OperatorRecord = UserRecord & { permissions: string[] };

export const operatorNotFound = () => notFound("Operator", "operator_not_found");

/** The user `ref` names, with what they hold; null when there is none. */
export async function readWithPermissions(ctx: Pick<ServiceContext, "sql">, ref: UserRef): Promise<OperatorRecord | null> {
  const [record] = await selectUsers(ctx.sql, userRefSql(ref), null, { permissions: true });
  return record ? asOperator(record) : null;
}

/** The operator `ref` names; 404 `operator_not_found` for an unknown user and for an account (they hold nothing). */
export async function readOperator(ctx: Pick<ServiceContext, "sql">, ref: UserRef): Promise<OperatorRecord> {
  const record = await readWithPermissions(ctx, ref);
  if (!record || record.permissions.length === 0) throw operatorNotFound();
  return record;
}

export function asOperator(record: UserRecord): OperatorRecord {
  return { ...record, permissions: record.permissions ?? [] };
}
