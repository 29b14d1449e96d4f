import {
  UuidSchema,
  type CreateUser,
  type PterodactylListQuery,
  type PterodactylServerListQuery,
  type PterodactylUserBody,
  type UpdateUser,
} from "@steward/contracts";
import { notFound } from "../../../services/kernel/errors.ts";
import { offsetWindow, type OffsetWindow } from "../../../services/kernel/paging.ts";
import type { UserListQuery, UserOrder } from "../../../services/users/list-users.ts";
import type { UserIncludes } from "../../../services/users/user-view.ts";
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, ZERO_PER_PAGE } from "./constants.ts";

/**
 * The Panel's requests in Steward's terms: pure functions. An input that
 * names nothing (a user number that is not a number) is the Panel's 404.
 */

/** A user number from the path; anything else is no user (the Panel: 404). */
export function numericIdFrom(id: string): number {
  const n = /^\d{1,9}$/.test(id) ? Number(id) : 0;
  if (n < 1) throw notFound("User");
  return n;
}

/** Which page: the Panel reads anything but a whole number from 1 as page 1. */
function pageFrom(page: string | undefined): number {
  const n = page !== undefined && /^\d{1,9}$/.test(page.trim()) ? Number(page.trim()) : 1;
  return n >= 1 ? n : 1;
}

function perPageFrom(perPage: string | undefined): number {
  if (perPage === undefined) return DEFAULT_PER_PAGE;
  const n = Number(perPage);
  return n === 0 ? ZERO_PER_PAGE : n;
}

/** A numbered page of `per_page` (default 50, at most 500), as the Panel reads `page` and `per_page`. */
export function windowFrom(query: Pick<PterodactylServerListQuery, "page" | "per_page">): OffsetWindow {
  return offsetWindow(pageFrom(query.page), perPageFrom(query.per_page), MAX_PER_PAGE);
}

const SORTS = { id: "numericId", "-id": "-numericId", uuid: "id", "-uuid": "-id" } as const satisfies Record<string, UserOrder>;

/**
 * A listing of users, page `page` of `per_page`, by number unless sorted by
 * uuid. Email and username filters match a part, in any case, as the
 * Panel's do; external id and uuid filters match exactly (indexed). Null
 * when the uuid filter is no UUID: no user can match.
 */
export function fromListQuery(query: PterodactylListQuery): { listing: UserListQuery | null; window: OffsetWindow } {
  const window = windowFrom(query);
  const filter = query.filter ?? {};
  // The Panel skips an empty filter (Laravel reads "" as null).
  const given = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);
  const email = given(filter.email);
  const username = given(filter.username);
  const externalId = given(filter.external_id);
  const uuid = given(filter.uuid);
  const listing: UserListQuery = {
    filter: {
      ...(email ? { emailContains: email } : {}),
      ...(username ? { handle: username } : {}),
      ...(externalId ? { externalId } : {}),
      ...(uuid ? { id: uuid.toLowerCase() } : {}),
    },
    order: SORTS[query.sort ?? "id"],
    limit: window.take,
    start: { offset: window.skip },
    include: fromInclude(query.include),
  };
  return { listing: uuid && !UuidSchema.safeParse(uuid).success ? null : listing, window };
}

/** What `include` asks to read with each user: `servers` is their attached resources; other names are ignored, as in the Panel. */
export function fromInclude(include: string | undefined): UserIncludes {
  return { resources: (include ?? "").split(",").some((name) => name.trim() === "servers") };
}

/** Blank means none, as Laravel reads an empty string. */
const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === "" ? null : value);

/** A new user from the Panel's fields; the username in lower case, as the Panel stores it. */
export function fromNewUser(body: PterodactylUserBody): CreateUser {
  const password = blankToNull(body.password);
  const externalId = blankToNull(body.external_id);
  return {
    username: body.username.toLowerCase(),
    email: body.email,
    firstName: body.first_name,
    lastName: body.last_name,
    ...(externalId ? { externalId } : {}),
    ...(password ? { password } : {}),
    language: body.language ?? "en",
    ...(body.root_admin ? { roles: ["admin"] } : {}),
  };
}

/**
 * A change from the Panel's fields: the four required ones are written; an
 * absent external id or language stays, a null external id clears it; a
 * blank password changes nothing. `admin` is the `root_admin` asked, if any.
 */
export function fromUserUpdate(body: PterodactylUserBody): { patch: UpdateUser; admin: boolean | undefined } {
  const password = blankToNull(body.password);
  const externalId = blankToNull(body.external_id);
  return {
    patch: {
      username: body.username.toLowerCase(),
      email: body.email,
      firstName: body.first_name,
      lastName: body.last_name,
      ...(externalId !== undefined ? { externalId } : {}),
      ...(body.language !== undefined ? { language: body.language } : {}),
      ...(password ? { password } : {}),
    },
    admin: body.root_admin,
  };
}
