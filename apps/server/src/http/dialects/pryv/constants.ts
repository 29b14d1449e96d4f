import type { Permission } from "@steward/contracts";

/**
 * What each of Pryv's admin permissions is in Steward's vocabulary. Pryv's
 * `users` are admin users (operators), its `platformUsers` accounts; the
 * two never share a Steward permission, so what a client puts it reads back.
 * `platformUsers: modify` is not in the document, but the real server gives
 * it to its first admin: it is what turns an account's MFA off.
 */
export const PRYV_PERMISSIONS = {
  users: {
    read: "operators:read",
    create: "operators:create",
    delete: "operators:delete",
    resetPassword: "operators:reset-password",
    changePermissions: "users:manage-roles",
  },
  settings: { read: "settings:read", update: "settings:update" },
  platformUsers: { read: "users:read", delete: "users:delete", modify: "users:reset-mfa" },
} as const satisfies Record<string, Record<string, Permission>>;

/** Admin users a list answers at most (it has no pages): operators are a handful, never thousands. */
export const PRYV_LIST_LIMIT = 200;
