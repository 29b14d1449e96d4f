import type {
  AttachedResource,
  PterodactylCreatedUser,
  PterodactylServerList,
  PterodactylUser,
  PterodactylUserList,
  User,
} from "@steward/contracts";
import type { OffsetWindow } from "../../../services/kernel/paging.ts";

/** Steward's users in the Panel's shapes: pure functions. */

/** The Panel's timestamps: UTC to the second, with `+00:00` (Carbon's toAtomString). */
export function panelTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

type PterodactylServer = PterodactylServerList["data"][number];

/** An attached resource in the Panel's server envelope: as much of a server as Steward knows. */
export function toPterodactylServer(resource: AttachedResource): PterodactylServer {
  return {
    object: "server",
    attributes: {
      uuid: resource.id,
      identifier: resource.id.slice(0, 8),
      external_id: resource.externalId,
      name: resource.name,
      kind: resource.kind,
      created_at: panelTime(resource.attachedAt),
    },
  };
}

/** A user; with `servers` (asked by `include=servers`), their attached resources under `relationships`, as the Panel nests includes. */
export function toPterodactylUser(user: User, servers?: AttachedResource[]): PterodactylUser {
  const relationships = servers ? { relationships: { servers: { object: "list" as const, data: servers.map(toPterodactylServer) } } } : {};
  return {
    object: "user",
    attributes: {
      id: user.numericId,
      external_id: user.externalId,
      uuid: user.id,
      username: user.username,
      email: user.email ?? "",
      first_name: user.firstName ?? "",
      last_name: user.lastName ?? "",
      language: user.language ?? "en",
      root_admin: user.roles.includes("admin"),
      "2fa": user.mfaEnabled,
      created_at: panelTime(user.createdAt),
      updated_at: panelTime(user.updatedAt),
      ...relationships,
    },
  };
}

/** The answer to a create: the user, and its URL under `usersUrl` (the Panel's `meta.resource`). */
export function toPterodactylCreated(user: User, usersUrl: string): PterodactylCreatedUser {
  return { ...toPterodactylUser(user), meta: { resource: `${usersUrl}/${user.numericId}` } };
}

/** A page of users, each with their attached resources when they were read (`include=servers`). */
export function toPterodactylUserList(
  users: { user: User; resources?: AttachedResource[] }[],
  total: number,
  window: OffsetWindow,
  listUrl: string,
): PterodactylUserList {
  return {
    object: "list",
    data: users.map(({ user, resources }) => toPterodactylUser(user, resources)),
    meta: { pagination: pagination(users.length, total, window, listUrl) },
  };
}

export function toPterodactylServerList(resources: AttachedResource[], total: number, window: OffsetWindow, listUrl: string): PterodactylServerList {
  return { object: "list", data: resources.map(toPterodactylServer), meta: { pagination: pagination(resources.length, total, window, listUrl) } };
}

/**
 * Where a page is, as the Panel's paginator says: `links` to the pages
 * either side as `?page=N` of `listUrl` (the Panel carries no other
 * parameter), and at least one page in all.
 */
function pagination(count: number, total: number, window: OffsetWindow, listUrl: string) {
  const totalPages = Math.max(1, Math.ceil(total / window.perPage));
  const links: { previous?: string; next?: string } = {};
  if (window.page > 1) links.previous = `${listUrl}?page=${window.page - 1}`;
  if (window.page < totalPages) links.next = `${listUrl}?page=${window.page + 1}`;
  return { total, count, per_page: window.perPage, current_page: window.page, total_pages: totalPages, links };
}
