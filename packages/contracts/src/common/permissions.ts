import type { StreamedBodies } from "./streaming.js";

/**
 * Every permission Steward knows, as `resource:action`. A role or an API key
 * holds a list of these; `*` stands for all of them.
 */
export const PERMISSIONS = {
  "users:read": "See users and look them up",
  "users:create": "Create users",
  "users:update": "Edit users, activate or deactivate them, change their tags",
  "users:delete": "Delete users for good",
  "users:manage-roles": "Change what a user may do: grant and revoke roles, set their own permissions",
  "users:reset-mfa": "Turn off a user's two-factor sign-in (they may enrol again)",
  "users:import": "Create users in bulk from an NDJSON or CSV file (roles need users:manage-roles, groups groups:manage as well)",
  "users:export": "Export every user (profile, tags, roles, groups, external ids) as NDJSON or CSV, without password hashes",
  "users:export-credentials": "Include users' password hashes in an export (with users:export)",
  "operators:read": "See operators (users who hold permissions) and their permissions",
  "operators:create": "Create operators with permissions, never beyond your own",
  "operators:delete": "Delete operators",
  "operators:reset-password": "Give an operator a new generated password",
  "roles:read": "See roles and their permissions",
  "roles:manage": "Create, change and delete custom roles, never beyond the permissions you hold",
  "sessions:read": "See login sessions",
  "sessions:revoke": "End other people's login sessions",
  "api-keys:read": "See API keys (never their secret)",
  "api-keys:create": "Create API keys",
  "api-keys:revoke": "Revoke API keys",
  "audit-events:read": "Read the audit log",
  "groups:read": "See groups and members",
  "groups:manage": "Create, change and delete groups and memberships",
  "invites:read": "See invites",
  "invites:manage": "Create and revoke invites",
  "relays:read": "See the relays the platform follows",
  "relays:manage": "Follow and unfollow relays",
  "mail:read": "See the outbox (recipients, subjects, status; not the bodies)",
  "mail:manage": "Read outbox bodies and retry failed mails",
  "settings:read": "Read platform settings",
  "settings:update": "Change platform settings",
  "access-tokens:introspect": "Check the access tokens accounts hand out to reach their data (for the services that hold it)",
  "metrics:read": "Read the server's Prometheus metrics at /metrics (when STEWARD_METRICS=on)",
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as [Permission, ...Permission[]];
export const WILDCARD_PERMISSION = "*";

export const BUILT_IN_ROLES = {
  admin: { description: "Everything", permissions: [WILDCARD_PERMISSION] },
  moderator: {
    description: "Day-to-day care of accounts: see, edit, (de)activate and tag users",
    permissions: ["users:read", "users:update", "roles:read", "groups:read", "invites:read", "invites:manage"],
  },
} as const satisfies Record<string, { description: string; permissions: readonly string[] }>;

/** The permissions of `wanted` that `held` does not grant (`*` grants all; wanting `*` needs `*`). */
export function missingPermissions(held: readonly string[], wanted: readonly string[]): string[] {
  if (held.includes(WILDCARD_PERMISSION)) return [];
  return [...new Set(wanted.filter((permission) => !held.includes(permission)))].sort();
}

/** Does `held` grant every permission in `wanted`? The one comparison of permission sets. */
export function covers(held: readonly string[], wanted: readonly string[]): boolean {
  return missingPermissions(held, wanted).length === 0;
}

/** Does a set of granted permissions cover the one a route needs? */
export function grants(held: readonly string[], needed: Permission): boolean {
  return covers(held, [needed]);
}

/** What two grants allow together: an API key's own permissions AND its creator's. */
export function intersectPermissions(a: readonly string[], b: readonly string[]): string[] {
  if (a.includes(WILDCARD_PERMISSION)) return [...new Set(b)].sort();
  if (b.includes(WILDCARD_PERMISSION)) return [...new Set(a)].sort();
  return [...new Set(a.filter((permission) => b.includes(permission)))].sort();
}

/**
 * What a route declares in its ts-rest metadata: the permission it needs, or
 * `public` for routes anyone may call, or `authenticated` for routes any
 * signed-in caller may use on themselves.
 */
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;
export type RouteAccess =
  | { access: "public" }
  | { access: "authenticated" }
  | {
      access: "permission";
      permission: Permission;
      /** More permissions every call needs, when its use case always needs them too (a group invite: `groups:manage`). */
      alsoRequires?: readonly Permission[];
      role?: BuiltInRole;
    };
export const publicRoute = { access: "public" } as const satisfies RouteAccess;
export const authenticatedRoute = { access: "authenticated" } as const satisfies RouteAccess;
/** A route for holders of `permission` (and of every one of `alsoRequires`). */
export function requires<const P extends Permission>(permission: P, ...alsoRequires: Permission[]): { access: "permission"; permission: P; alsoRequires?: readonly Permission[] } {
  return alsoRequires.length ? { access: "permission", permission, alsoRequires } : { access: "permission", permission };
}
/** Every permission a route declares: its permission and those it also requires; none for public and authenticated routes. */
export function requiredPermissions(access: RouteAccess): Permission[] {
  return access.access === "permission" ? [access.permission, ...(access.alsoRequires ?? [])] : [];
}
/**
 * A route of an API that admits only the holders of a role (Pleroma's admin
 * API: admins only), and them only with the permission as well: an API key
 * an admin made stays bounded by its own grant.
 */
export const requiresRole = (role: BuiltInRole, permission: Permission) => ({ access: "permission", permission, role }) as const satisfies RouteAccess;

/**
 * Path parameters of a route whose values are secrets (an invite's token in
 * its link): the server logs such a route's path with the parameter's name
 * (`/api/v1/invitations/:token`), never its value. Declared beside the
 * access in a route's metadata: `{ ...publicRoute, secretParams: ["token"] }`.
 */
export interface SecretParams {
  secretParams: readonly [string, ...string[]];
}
/** What a route's metadata holds: who may call it and, where some are, which path parameters are secrets. */
export type RouteMetadata = RouteAccess & Partial<SecretParams> & StreamedBodies;
/** `access` with these path parameters declared secret. */
export const withSecretParams = <const A extends RouteAccess, const P extends readonly [string, ...string[]]>(access: A, ...secretParams: P) =>
  ({ ...access, secretParams }) as const satisfies RouteMetadata;
/**
 * The secret path parameters a route's metadata declares (none when it
 * declares none); throws when `secretParams` is there but is not a list of names.
 */
export function secretParamsOf(metadata: unknown): readonly string[] {
  if (!metadata || typeof metadata !== "object" || !("secretParams" in metadata)) return [];
  const params = (metadata as { secretParams: unknown }).secretParams;
  if (!Array.isArray(params) || params.length === 0 || !params.every((name) => typeof name === "string" && name.length > 0)) {
    throw new Error(`secretParams must list path parameter names, not ${JSON.stringify(params)}`);
  }
  return params as string[];
}
