import { missingPermissions, type Me, type Permission } from "@steward/client";

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

/**
 * Everything the console shows that the API guards, and the permissions the
 * API's routes behind it require (the contracts' `requires(...)`). Pages,
 * cards, buttons and the navigation all ask `can(me, feature)` (in a
 * component: `useCan()`), so a control appears exactly when its request can
 * succeed, and a card the operator may not read is left out rather than
 * shown as a refusal. The API still decides (rank rules, a role holding more
 * than the operator): those refusals are shown as it words them.
 */
export const FEATURES = {
  // Users
  "users.read": ["users:read"],
  "users.create": ["users:create"],
  "users.import": ["users:import"], // rows with roles or groups need those permissions too (said per row)
  "users.update": ["users:update"], // profile, status, tags, follows, resources, reset mail
  "users.delete": ["users:delete"],
  "users.roles": ["users:manage-roles"],
  "users.resetMfa": ["users:reset-mfa"],
  "users.groups": ["groups:read"],
  "sessions.read": ["sessions:read"],
  "sessions.revoke": ["sessions:revoke"],
  // Audit log
  "audit.read": ["audit-events:read"],
  // Groups
  "groups.read": ["groups:read"],
  "groups.manage": ["groups:manage"],
  // Invites
  "invites.read": ["invites:read"],
  "invites.manage": ["invites:manage"],
  // Relays, outbox
  "relays.read": ["relays:read"],
  "relays.manage": ["relays:manage"],
  "mail.read": ["mail:read"],
  "mail.manage": ["mail:manage"],
  // API keys
  "apiKeys.read": ["api-keys:read"],
  "apiKeys.create": ["api-keys:create"],
  "apiKeys.revoke": ["api-keys:revoke"],
  // Roles and operators
  "roles.read": ["roles:read"],
  "roles.manage": ["roles:manage"],
  "operators.read": ["operators:read"],
  "operators.create": ["operators:create"],
  "operators.delete": ["operators:delete"],
  "operators.resetPassword": ["operators:reset-password"],
  // Settings
  "settings.read": ["settings:read"],
  "settings.update": ["settings:update"],
} as const satisfies Record<string, readonly Permission[]>;

export type Feature = keyof typeof FEATURES;

/** May the signed-in operator use `feature` (every one of `features`)? False until `/auth/me` has answered. */
export function can(me: Me | null, ...features: Feature[]): boolean {
  return holds(me, ...features.flatMap((feature) => FEATURES[feature]));
}

/** The permissions `feature` needs that `me` lacks, to say why a control is off. */
export function lackingFor(me: Me | null, feature: Feature): string[] {
  return lacking(me, FEATURES[feature]);
}
