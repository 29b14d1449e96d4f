import { missingPermissions, type Me } from "@steward/client";

/**
 * Does the signed-in operator hold every one of `permissions`? False until
 * `/auth/me` has answered, so nothing is offered that may be refused.
 */
export function holds(me: Me | null, ...permissions: string[]): boolean {
  return me !== null && missingPermissions(me.permissions, permissions).length === 0;
}

/** What `me` lacks of `permissions` (all of them until `/auth/me` has answered). */
export function lacking(me: Me | null, permissions: readonly string[]): string[] {
  return me ? missingPermissions(me.permissions, permissions) : [...permissions];
}
