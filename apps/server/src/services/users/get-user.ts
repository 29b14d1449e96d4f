import { notFound } from "../kernel/errors.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { selectUserById, selectUsers, type UserIncludes, type UserRecord } from "./user-view.ts";
import { userRefSql, type UserRef } from "./users.ts";

/** One user by id. */
export async function getUser(ctx: ServiceContext, id: string): Promise<UserRecord> {
  const record = await selectUserById(ctx.sql, id);
  if (!record) throw notFound("User");
  return record;
}

/** One user by the reference a request gave (see UserRef), with what `include` asks. */
export async function lookupUser(ctx: ServiceContext, ref: UserRef, include: UserIncludes = {}): Promise<UserRecord> {
  const [record] = await selectUsers(ctx.sql, userRefSql(ref), null, include);
  if (!record) throw notFound("User");
  return record;
}
