import type { ServiceContext } from "../kernel/context.ts";
import { forbidden } from "../kernel/errors.ts";

/**
 * What the self-service use cases share (each is a file of its own beside
 * this one): the account they act on is the signed-in one, through a login
 * session. An API key acts for its creator, but must not change their
 * profile, password or sessions, nor read what only the account sees.
 * No operator permission is needed: no use case here takes another
 * account's id.
 */
export function sessionUserOf(ctx: ServiceContext, what = "Your own account is managed"): { userId: string; sessionId: string } {
  const { actor } = ctx;
  if (actor.type !== "user" || !actor.sessionId || !actor.userId) throw forbidden(`${what} from a login session, not with an API key`, "session_required");
  return { userId: actor.userId, sessionId: actor.sessionId };
}
