import { WILDCARD_PERMISSION, type PryvAdminUser, type PryvPermissions, type PryvPlatformUser } from "@steward/contracts";
import type { OperatorRecord } from "../../../services/operators/operators.ts";
import type { UserRecord } from "../../../services/users/user-view.ts";
import { PRYV_PERMISSIONS } from "./constants.ts";

/** Steward → Pryv, pure. */

/** What `held` grants, in Pryv's words, in the document's order; `*` is every value. */
export function toPryvPermissions(held: readonly string[]): PryvPermissions {
  const all = held.includes(WILDCARD_PERMISSION);
  const values = <F extends keyof typeof PRYV_PERMISSIONS>(family: F) =>
    Object.entries(PRYV_PERMISSIONS[family])
      .filter(([, permission]) => all || held.includes(permission))
      .map(([value]) => value) as PryvPermissions[F];
  return { users: values("users"), settings: values("settings"), platformUsers: values("platformUsers") };
}

export function toAdminUser(operator: OperatorRecord): PryvAdminUser {
  return { username: operator.user.username, permissions: toPryvPermissions(operator.permissions) };
}

/** An account with its registration facts; the invite is named by id, never by its token. */
export function toPlatformUser({ user }: UserRecord): PryvPlatformUser {
  const registered = new Date(user.createdAt);
  return {
    username: user.username,
    email: user.email,
    language: user.language,
    invitationToken: user.registration.inviteId,
    referer: user.registration.referer,
    registeredTimestamp: registered.getTime(),
    server: user.registration.server,
    registeredDate: registered.toUTCString(),
  };
}
