import type { CreateInvite, PleromaInviteTokenQuery, PleromaListUsersQuery, PleromaTagUsers } from "@steward/contracts";
import type { UserFilter, UserListQuery } from "../../../services/users/list-users.ts";
import { offsetWindow } from "../../../services/kernel/paging.ts";
import { ServiceError } from "../../../services/kernel/errors.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./constants.ts";

/**
 * Pleroma's requests in Steward's terms: pure functions. An input that has
 * no Steward meaning is refused here with the 4xx Pleroma's clients expect.
 */

/** Invites made through this API say so, and by whom. */
export const pleromaSource = (callerLabel: string | null) => `pleroma_admin/${callerLabel ?? "unknown"}`;

/** A nickname split into the username and, for a remote account (`name@domain`), its home domain; a leading `@` is allowed. */
export function fromNickname(nickname: string): { username: string; domain: string | null } {
  const bare = nickname.startsWith("@") ? nickname.slice(1) : nickname;
  const at = bare.indexOf("@");
  return at === -1 ? { username: bare, domain: null } : { username: bare.slice(0, at), domain: bare.slice(at + 1) };
}

/** Only the username of each nickname: enough to name an account, usernames being unique across domains. */
export const usernamesFrom = (nicknames: string[]) => nicknames.map((nickname) => fromNickname(nickname).username);

/** Pleroma's permission groups are Steward's built-in roles of the same names. */
export const PERMISSION_GROUPS = ["admin", "moderator"] as const;
export type PermissionGroup = (typeof PERMISSION_GROUPS)[number];

export function fromPermissionGroup(name: string): PermissionGroup {
  const group = PERMISSION_GROUPS.find((known) => known === name);
  // Pleroma's own words for an unknown group.
  if (!group) throw new ServiceError("not_found", "No such permission_group", { reason: "permission_group_not_found" });
  return group;
}

/** The `filters` Pleroma knows, each as a list condition; unknown names are ignored, as Pleroma does. */
const FILTERS = {
  local: { local: true },
  external: { local: false },
  active: { status: "active" },
  deactivated: { status: "deactivated" },
  is_admin: { roles: ["admin"] },
  is_moderator: { roles: ["moderator"] },
} as const satisfies Record<string, UserFilter>;

/**
 * A listing of users by nickname, numbered pages of `page_size`; null when
 * the filters contradict each other (`local,external`, `active,deactivated`):
 * Pleroma applies every filter, so nothing matches.
 */
export function fromListUsersQuery(query: PleromaListUsersQuery): { listing: UserListQuery | null; pageSize: number } {
  const window = offsetWindow(query.page ?? 1, query.page_size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const names = new Set((query.filters ?? "").split(",").map((name) => name.trim()));
  const conditions = Object.entries(FILTERS).filter(([name]) => names.has(name)).map(([, condition]) => condition as UserFilter);
  const contradicts = (names.has("local") && names.has("external")) || (names.has("active") && names.has("deactivated"));
  const roles = conditions.flatMap((condition) => condition.roles ?? []);
  const listing: UserListQuery = {
    filter: {
      ...Object.assign({}, ...conditions),
      ...(roles.length ? { roles } : {}),
      ...(query.query ? { handle: query.query } : {}),
      ...(query.name ? { names: query.name } : {}),
      ...(query.email ? { email: query.email } : {}),
      ...(query.tags ? { anyTags: query.tags } : {}),
    },
    order: "username",
    limit: window.take,
    start: { offset: window.skip },
  };
  return { listing: contradicts ? null : listing, pageSize: window.perPage };
}

/** The users a tag change names: `nicknames`, and `nickname` (the document's name) too. */
export function fromTagUsers(body: PleromaTagUsers): { usernames: string[]; tags: string[] } {
  return { usernames: usernamesFrom([...(body.nicknames ?? []), ...(body.nickname ?? [])]), tags: body.tags };
}

/**
 * A registration invite from Pleroma's limits, read from `invite[...]`
 * (Pleroma 1.0) or the top level (Pleroma 2). `max_use` makes it reusable
 * that many times; `expires_at` keeps it valid through that day (UTC);
 * without it, it is valid until used or revoked, as in Pleroma.
 */
export function fromInviteLimits(query: PleromaInviteTokenQuery, callerLabel: string | null): CreateInvite {
  const maxUse = query.invite?.max_use ?? query.max_use;
  const lastDay = query.invite?.expires_at ?? query.expires_at;
  return {
    kind: "register",
    ...(maxUse === undefined ? {} : { reusable: true, maxUses: maxUse }),
    ...(lastDay === undefined ? { ttlSeconds: null } : { expiresAt: dayAfter(lastDay) }),
    source: pleromaSource(callerLabel),
  };
}

/** Midnight (UTC) at the end of a `YYYY-MM-DD` day. */
function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}
