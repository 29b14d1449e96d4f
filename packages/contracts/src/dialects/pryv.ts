import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { authenticatedRoute, publicRoute, requires } from "../common/permissions.js";
import { TextSchema } from "../common/schemas.js";
import { NotifyTargetNameSchema, PushResultSchema } from "../v1/notify.js";
import { PlatformSettingsSchema, SettingsMigrationSchema } from "../v1/settings.js";

/**
 * Pryv.io's Admin API 1.9 (the config-leader service), as its document
 * describes it (reference/pryv-admin-api-1.9.openapi.txt) and, where the
 * document is vague, as the real server answered (reference/real/
 * pryv-config-leader/). Paths are relative to the dialect's base path
 * (`/pryv` by default). Admin users are Steward operators; platform users
 * are Steward accounts.
 */
const c = initContract();

/** Most failures: `{"error":{"message"}}` (with Steward's `id` for the cause). */
export const PryvErrorSchema = z
  .object({
    error: z.object({
      message: z.string().describe("What went wrong, for a person."),
      id: z.string().optional().describe("Steward's: a stable name for the failure (`missing_permission`, `last_admin`, ...)."),
    }),
  })
  .describe("An error.");
/**
 * The real server answers some failures as a bare JSON string: a refused
 * sign-in (`"Authentication failed"`) and an unknown user (`"User alice not found"`).
 */
export const PryvMessageSchema = z.string().describe("A failure, as the real server words it.");
export const PryvFailureSchema = z.union([PryvErrorSchema, PryvMessageSchema]);
/** A request the server refuses as malformed: plain text, as the real server's validator writes it (`Error validating request body. "password" is required.`). */
export const PRYV_BAD_REQUEST = c.otherResponse({ contentType: "text/plain", body: z.string() });

const errors = { 400: PRYV_BAD_REQUEST, 401: PryvFailureSchema, 403: PryvErrorSchema, 413: PryvErrorSchema, 415: PryvErrorSchema, 429: PryvErrorSchema, 503: PryvErrorSchema } as const;
const notFound = { 404: PryvFailureSchema };

export const PRYV_PERMISSION_VALUES = {
  users: ["read", "create", "delete", "resetPassword", "changePermissions"],
  settings: ["read", "update"],
  platformUsers: ["read", "delete", "modify"],
} as const;

const permissionList = <const V extends readonly [string, ...string[]]>(values: V, about: string) =>
  z.array(z.enum(values)).max(20).describe(`${about} Values: ${values.map((v) => `\`${v}\``).join(", ")}.`);

export const PryvPermissionsSchema = z
  .object({
    users: permissionList(PRYV_PERMISSION_VALUES.users, "Over admin users (operators)."),
    settings: permissionList(PRYV_PERMISSION_VALUES.settings, "Over the platform settings."),
    platformUsers: permissionList(
      PRYV_PERMISSION_VALUES.platformUsers,
      "Over platform users (accounts). `modify` (turning an account's MFA off) is the real server's, not in the document.",
    ),
  })
  .strict()
  .describe("An admin user's permissions.");
export type PryvPermissions = z.infer<typeof PryvPermissionsSchema>;

export const PryvAdminUserSchema = z.object({ username: z.string(), permissions: PryvPermissionsSchema }).describe("An admin user.");
export type PryvAdminUser = z.infer<typeof PryvAdminUserSchema>;

export const PryvPlatformUserSchema = z
  .object({
    username: z.string(),
    email: z.string().nullable(),
    language: z.string().nullable(),
    invitationToken: z.string().nullable().describe("Which invite the account registered with: its id. Never a token: a reusable invite's would still work."),
    referer: z.string().nullable(),
    registeredTimestamp: z.number().describe("When the account registered, in milliseconds since the epoch (a number, as Pryv's register service answers)."),
    server: z.string().nullable().describe("The server the account registered on."),
    registeredDate: z.string().describe("The same moment, readable (`Date.toString()` in UTC)."),
  })
  .describe("A platform user, with their registration facts.");
export type PryvPlatformUser = z.infer<typeof PryvPlatformUserSchema>;

const UsernameParams = z.object({ username: TextSchema.min(1).max(64).describe("The user's username.") });
const PasswordSchema = TextSchema.min(1).max(256);

export const pryvContract = c.router(
  {
    login: {
      method: "POST",
      path: "/auth/login",
      headers: z.object({ origin: TextSchema.min(1).max(2048).describe("Required, as the real server requires it.") }),
      body: z.object({ username: TextSchema.min(1).max(254), password: PasswordSchema, code: TextSchema.max(64).optional().describe("Steward's: the two-factor code, for an operator who has turned it on.") }).strict(),
      responses: { 200: z.object({ token: z.string().describe("A JWT; send it as `Authorization: <token>` (or after `Bearer`).") }), ...errors },
      summary: "Sign in",
      metadata: publicRoute,
    },
    logout: {
      method: "POST",
      path: "/auth/logout",
      body: c.noBody(),
      responses: { 200: z.object({ token: z.string() }).describe("The token just ended, as the real server echoes it."), ...errors },
      summary: "Sign out: the token stops working",
      metadata: authenticatedRoute,
    },
    listAdminUsers: {
      method: "GET",
      path: "/users",
      responses: { 200: z.object({ users: z.array(PryvAdminUserSchema) }), ...errors },
      summary: "List admin users",
      metadata: requires("operators:read"),
    },
    createAdminUser: {
      method: "POST",
      path: "/users",
      body: z.object({ username: TextSchema.min(1).max(64), password: PasswordSchema, permissions: PryvPermissionsSchema }).strict(),
      responses: { 201: z.object({ user: PryvAdminUserSchema }), ...errors, 409: PryvErrorSchema, 422: PryvErrorSchema },
      summary: "Create an admin user",
      metadata: requires("operators:create"),
    },
    getAdminUser: {
      method: "GET",
      path: "/users/:username",
      pathParams: UsernameParams,
      responses: { 200: z.object({ user: PryvAdminUserSchema }), ...errors, ...notFound },
      summary: "Get an admin user",
      metadata: requires("operators:read"),
    },
    deleteAdminUser: {
      method: "DELETE",
      path: "/users/:username",
      pathParams: UsernameParams,
      body: c.noBody(),
      responses: { 200: z.object({ username: z.string() }), ...errors, ...notFound, 409: PryvErrorSchema },
      summary: "Delete an admin user",
      metadata: requires("operators:delete"),
    },
    updateAdminPermissions: {
      method: "PUT",
      path: "/users/:username/permissions",
      pathParams: UsernameParams,
      body: z.object({ permissions: PryvPermissionsSchema }).strict(),
      responses: { 200: z.object({ user: z.object({ permissions: PryvPermissionsSchema }) }), ...errors, ...notFound, 409: PryvErrorSchema, 422: PryvErrorSchema },
      summary: "Replace an admin user's permissions",
      metadata: requires("users:manage-roles"),
    },
    resetAdminPassword: {
      method: "POST",
      path: "/users/:username/reset-password",
      pathParams: UsernameParams,
      body: c.noBody(),
      responses: { 200: z.object({ username: z.string(), password: z.string().describe("The new password, shown once.") }), ...errors, ...notFound },
      summary: "Reset an admin user's password to a generated one",
      metadata: requires("operators:reset-password"),
    },
    getSettings: {
      method: "GET",
      path: "/admin/settings",
      responses: { 200: PlatformSettingsSchema, ...errors },
      summary: "Read the platform settings",
      metadata: requires("settings:read"),
    },
    updateSettings: {
      method: "PUT",
      path: "/admin/settings",
      body: z.unknown(),
      responses: { 200: PlatformSettingsSchema, ...errors, 409: PryvErrorSchema, 412: PryvErrorSchema },
      summary: "Validate and save the platform settings",
      description: "400 (`invalid-input: ` and every problem by path, as text); nothing is saved then. `If-Match` with the revision read (the `ETag`) guards concurrent edits (412).",
      metadata: requires("settings:update"),
    },
    notify: {
      method: "POST",
      path: "/admin/notify",
      body: z
        .object({ services: z.array(NotifyTargetNameSchema).max(100).optional().describe("Names of the notify targets to push to; empty or absent: every enabled one.") })
        .strict(),
      responses: { 200: PushResultSchema, ...errors },
      summary: "Push the current settings to the registered services",
      description: "Each POST signed with its target's secret (`Steward-Signature`, see the README); the answer lists successes and failures by target.",
      metadata: requires("settings:update"),
    },
    listMigrations: {
      method: "GET",
      path: "/admin/migrations",
      responses: { 200: z.array(SettingsMigrationSchema), ...errors },
      summary: "Pending settings migrations",
      metadata: requires("settings:read"),
    },
    applyMigrations: {
      method: "POST",
      path: "/admin/migrations/apply",
      body: c.noBody(),
      responses: { 200: z.array(SettingsMigrationSchema), ...errors, 422: PryvErrorSchema },
      summary: "Apply the pending settings migrations, all or none",
      metadata: requires("settings:update"),
    },
    getPlatformUser: {
      method: "GET",
      path: "/platform-users/:username",
      pathParams: UsernameParams,
      responses: { 200: PryvPlatformUserSchema, ...errors, ...notFound },
      summary: "Get a platform user",
      metadata: requires("users:read"),
    },
    deletePlatformUser: {
      method: "DELETE",
      path: "/platform-users/:username",
      pathParams: UsernameParams,
      body: c.noBody(),
      responses: { 200: z.string().describe("The username deleted."), ...errors, ...notFound, 409: PryvErrorSchema },
      summary: "Delete a platform user for good",
      metadata: requires("users:delete"),
    },
    deactivatePlatformUserMfa: {
      method: "DELETE",
      path: "/platform-users/:username/mfa",
      pathParams: UsernameParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...errors, ...notFound },
      summary: "Turn a platform user's MFA off",
      metadata: requires("users:reset-mfa"),
    },
  },
  { strictStatusCodes: true },
);
