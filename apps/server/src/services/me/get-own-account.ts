import type { ServiceContext } from "../kernel/context.ts";
import { getUser } from "../users/get-user.ts";
import type { UserRecord } from "../users/user-view.ts";
import { sessionUserOf } from "./me.ts";

/** The signed-in account, as operators see it (so its ETag guards the next change). */
export async function getOwnAccount(ctx: ServiceContext): Promise<UserRecord> {
  return getUser(ctx, sessionUserOf(ctx).userId);
}
