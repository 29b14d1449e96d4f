import type { Me } from "@steward/contracts";
import type { Caller, ServiceContext } from "../kernel/context.ts";
import { getUser } from "../users/get-user.ts";
import { effectivePermissions } from "./authenticate.ts";

/** Who the caller is: their user when signed in with a session, the key they used, and what they may do. */
export async function describeCaller(ctx: ServiceContext, caller: Caller): Promise<Me> {
  return {
    user: caller.session && caller.actor.userId ? (await getUser(ctx, caller.actor.userId)).user : null,
    apiKey: caller.apiKey,
    permissions: effectivePermissions(caller.actor),
    session: caller.session ? { id: caller.session.id, expiresAt: caller.session.expiresAt.toISOString() } : null,
  };
}
