import type { Role, StewardClient } from "@steward/client";
import { usePage } from "./use-page";

/**
 * How many users hold each role (the users list's total for `role=<name>`),
 * by role name; empty while loading, and without `users:read` (`mayRead`
 * false), which the count needs. Read again when the roles or `version` change.
 */
export function useRoleHolders(client: StewardClient, roles: readonly Role[], mayRead: boolean, version = 0): ReadonlyMap<string, number> {
  const names = roles.map((role) => role.name);
  const key = names.join("\n");
  const { page } = usePage(async () => {
    if (!mayRead) return new Map<string, number>();
    const totals = await Promise.all(names.map(async (role) => [role, (await client.users.list({ role, limit: 1 })).total] as const));
    return new Map(totals);
  }, [client, key, mayRead, version]);
  return page ?? new Map();
}
