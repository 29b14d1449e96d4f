import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { requiresRole, type Permission } from "../common/permissions.js";
import { PlainNameSchema, TextSchema } from "../common/schemas.js";
import { PasswordSchema, TagSchema, UsernameSchema } from "../v1/users.js";

/**
 * Pleroma's admin API (reference/pleroma-admin-api.md), as the Pleroma 1.0
 * server answers it where the document is vague. Paths are relative to the
 * dialect's base path (`/api/pleroma/admin` by default). Every route is for
 * users holding the admin role only, as in Pleroma.
 *
 * Pleroma reads a request's parameters from the query string and from a JSON
 * or form body, merged: the surface hands each route the merged parameters,
 * as `query` for GET and as `body` otherwise. Query strings and form bodies
 * carry only text, so numbers and booleans are also read from their text.
 */
const c = initContract();

export const PleromaErrorSchema = z
  .object({ error: z.string().describe("What went wrong, e.g. `Not found`, `User is not admin.`.") })
  .describe("An error, as Pleroma answers it.");
export type PleromaError = z.infer<typeof PleromaErrorSchema>;

const errors = {
  400: PleromaErrorSchema,
  401: PleromaErrorSchema,
  403: PleromaErrorSchema,
  413: PleromaErrorSchema,
  415: PleromaErrorSchema,
  429: PleromaErrorSchema,
  // The database unreachable or too busy: retry after `Retry-After`.
  503: PleromaErrorSchema,
} as const;
const notFound = { 404: PleromaErrorSchema };
const conflict = { 409: PleromaErrorSchema };

// ------------------------------------------------------------ parameters

/** A whole number from `min` to `max`, as a JSON number or as its text. */
const paramInt = (min: number, max: number) =>
  z
    .union([z.number(), TextSchema.regex(/^\s*[+-]?\d{1,15}\s*$/, "Expected a whole number").transform(Number)])
    .pipe(z.number().int().min(min).max(max));

/** A boolean as JSON, or as the text Pleroma casts: `true`/`false`, `1`/`0`. */
const ParamBoolean = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1")]);

/** A list (`tags[]=a&tags[]=b`, a JSON array), or one value standing for a list of one. */
const paramList = <T extends z.ZodTypeAny>(item: T, max: number) =>
  z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(item).min(1).max(max));

/** A calendar date, `YYYY-MM-DD`, that exists. */
const DateParam = TextSchema.regex(/^\d{4}-\d{2}-\d{2}$/, "Expected a date, YYYY-MM-DD").refine((text) => {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}, "No such date");

/** A local nickname, or `nickname@domain` for a remote account. */
export const PleromaNicknameSchema = TextSchema.min(1).max(320).describe("The user's nickname (`nickname@domain` for a remote account).");

// ------------------------------------------------------------ answers

export const PleromaUserSchema = z
  .object({
    id: z.number().int().describe("The user's id (an integer, as the document has it)."),
    nickname: z.string().describe("Nickname; `nickname@domain` for a remote account."),
    deactivated: z.boolean().describe("Whether the account is deactivated (cannot sign in)."),
    local: z.boolean().describe("Whether the account lives on this instance."),
    roles: z
      .object({
        admin: z.boolean().describe("Holds the admin role."),
        moderator: z.boolean().describe("Holds the moderator role."),
      })
      .describe("Permission groups the user is in."),
    tags: z.array(z.string()).describe("The user's tags."),
    display_name: z.string().nullable().describe("Display name (Pleroma 1.1 and later)."),
    email: z.string().nullable().describe("Email address (later Pleroma versions)."),
  })
  .describe("A user, as the admin API shows one.");
export type PleromaUser = z.infer<typeof PleromaUserSchema>;

export const PleromaUserListSchema = z
  .object({
    page_size: z.number().int().describe("Users per page, as asked (default 50)."),
    count: z.number().int().describe("How many users match, on every page."),
    users: z.array(PleromaUserSchema).describe("This page's users, by nickname."),
  })
  .describe("A page of users.");
export type PleromaUserList = z.infer<typeof PleromaUserListSchema>;

export const PleromaPermissionGroupsSchema = z
  .object({
    is_moderator: z.boolean().describe("Holds the moderator role."),
    is_admin: z.boolean().describe("Holds the admin role."),
  })
  .describe("The user's permission groups.");
export type PleromaPermissionGroups = z.infer<typeof PleromaPermissionGroupsSchema>;

export const PleromaPermissionChangeSchema = z
  .object({
    is_admin: z.boolean().optional().describe("Present when the admin group changed: whether the user is in it now."),
    is_moderator: z.boolean().optional().describe("Present when the moderator group changed: whether the user is in it now."),
  })
  .describe("The permission group changed, and whether the user is in it now (what Pleroma answers).");
export type PleromaPermissionChange = z.infer<typeof PleromaPermissionChangeSchema>;

export const PleromaInviteTypeSchema = z
  .enum(["one_time", "reusable", "date_limited", "reusable_date_limited"])
  .describe("`reusable` when it has a number of uses, `date_limited` when it has an expiry date, both, or neither (`one_time`).");

export const PleromaInviteSchema = z
  .object({
    id: z.number().int().describe("The invite's id."),
    token: z.string().optional().describe("The invite token: the last part of the registration link. Absent when you could not make the invite now."),
    used: z.boolean().describe("Whether it can no longer be used: revoked, or all its uses spent."),
    expires_at: z.string().nullable().describe("The last day it is valid (`YYYY-MM-DD`, UTC), or null."),
    uses: z.number().int().describe("How many accounts registered with it."),
    max_use: z.number().int().nullable().describe("How many registrations it allows, or null (one, or no limit when reusable)."),
    invite_type: PleromaInviteTypeSchema,
  })
  .describe("A registration invite.");
export type PleromaInvite = z.infer<typeof PleromaInviteSchema>;

export const PleromaInviteListSchema = z
  .object({ invites: z.array(PleromaInviteSchema).describe("Registration invites, oldest first.") })
  .describe("Registration invites.");

export const PleromaRelayListSchema = z
  .object({ relays: z.array(z.string()).describe("URLs of the relays followed.") })
  .describe("The relays this instance follows.");

// ------------------------------------------------------------ requests

const USERS_PER_PAGE_MAX = 500;

export const PleromaListUsersQuerySchema = z
  .object({
    query: TextSchema.max(100).optional().describe("Search term: a nickname, a domain, or `nickname@domain`."),
    filters: TextSchema.max(200)
      .optional()
      .describe("Comma-separated: `local`, `external`, `active`, `deactivated`, `is_admin`, `is_moderator`; others are ignored."),
    page: paramInt(1, 1_000_000).optional().describe("Page number, from 1."),
    page_size: paramInt(1, USERS_PER_PAGE_MAX).optional().describe(`Users per page; default 50, at most ${USERS_PER_PAGE_MAX}.`),
    tags: paramList(TagSchema, 50).optional().describe("Only users with at least one of these tags (`tags[]=a&tags[]=b`)."),
    name: TextSchema.max(100).optional().describe("Substring of the display name."),
    email: TextSchema.max(254).optional().describe("Exact email address."),
  })
  .passthrough();
export type PleromaListUsersQuery = z.infer<typeof PleromaListUsersQuerySchema>;

export const PleromaCreateUserSchema = z
  .object({
    nickname: UsernameSchema.describe("The new user's nickname."),
    email: TextSchema.email().max(254).describe("The new user's email address."),
    password: PasswordSchema,
  })
  .passthrough();
export type PleromaCreateUser = z.infer<typeof PleromaCreateUserSchema>;

const NicknameBody = z.object({ nickname: PleromaNicknameSchema }).passthrough();

export const PleromaFollowSchema = z
  .object({
    follower: PleromaNicknameSchema.describe("Nickname of the user who follows."),
    followed: PleromaNicknameSchema.describe("Nickname of the user followed."),
  })
  .passthrough();

export const PleromaTagUsersSchema = z
  .object({
    nicknames: paramList(PleromaNicknameSchema, 500).optional().describe("Nicknames of the users (`nicknames[]=a&nicknames[]=b`)."),
    nickname: paramList(PleromaNicknameSchema, 500).optional().describe("Same as `nicknames` (the document's name)."),
    tags: paramList(TagSchema, 50).describe("Tags to add or remove."),
  })
  .passthrough()
  .refine((body) => body.nicknames !== undefined || body.nickname !== undefined, { message: "Name the users in nicknames", path: ["nicknames"] });
export type PleromaTagUsers = z.infer<typeof PleromaTagUsersSchema>;

export const PleromaActivationStatusSchema = z
  .object({ status: ParamBoolean.describe("`false` deactivates the user, `true` activates them.") })
  .passthrough();

const InviteLimits = {
  max_use: paramInt(1, 100_000).optional().describe("How many registrations it allows."),
  expires_at: DateParam.optional().describe("The last day it is valid (`YYYY-MM-DD`, UTC)."),
};

export const PleromaInviteTokenQuerySchema = z
  .object({
    invite: z.object(InviteLimits).passthrough().optional().describe("`invite[max_use]`, `invite[expires_at]` (Pleroma 1.0)."),
    ...InviteLimits,
  })
  .passthrough()
  .describe("The invite's limits, as `invite[...]` (Pleroma 1.0) or at the top level (Pleroma 2).");
export type PleromaInviteTokenQuery = z.infer<typeof PleromaInviteTokenQuerySchema>;

export const PleromaRevokeInviteSchema = z.object({ token: TextSchema.min(1).max(200).describe("The invite's token.") }).passthrough();

export const PleromaEmailInviteSchema = z
  .object({
    email: TextSchema.email().max(254).describe("Where to send the invite."),
    name: PlainNameSchema.optional().describe("How to greet the person: one line of plain text, at most 100 characters, shown as text (never as a link)."),
  })
  .passthrough();

export const PleromaRelaySchema = z
  .object({ relay_url: TextSchema.min(1).max(2048).describe("URL of the relay's actor.") })
  .passthrough();

const NicknameParams = z.object({ nickname: PleromaNicknameSchema });
const PermissionGroupParams = NicknameParams.extend({
  permission_group: TextSchema.min(1).max(64).describe("`admin` or `moderator`; any other group is 404."),
});

// ------------------------------------------------------------ routes

/** Every route: the admin role, and the permission its work needs (an admin's API key may hold less). */
const adminOnly = (permission: Permission) => requiresRole("admin", permission);

/**
 * Routes are matched in this order, so the routers whose literal paths
 * (`/users/invite_token`, `/users/invites`, `/users/tag`, ...) could be read
 * as `/users/:nickname` come before `users`.
 */
export const pleromaContract = c.router(
  {
    invites: c.router(
      {
        getInviteToken: {
          method: "GET",
          path: "/users/invite_token",
          query: PleromaInviteTokenQuerySchema,
          responses: { 200: z.string().describe("The new invite's token."), ...errors },
          summary: "Get an account registration invite token",
          metadata: adminOnly("invites:manage"),
        },
        createInviteToken: {
          method: "POST",
          path: "/users/invite_token",
          body: PleromaInviteTokenQuerySchema,
          responses: { 200: PleromaInviteSchema, ...errors },
          summary: "Create an account registration invite (Pleroma 2)",
          metadata: adminOnly("invites:manage"),
        },
        listInvites: {
          method: "GET",
          path: "/users/invites",
          responses: { 200: PleromaInviteListSchema, ...errors },
          summary: "Get a list of generated invites",
          metadata: adminOnly("invites:read"),
        },
        revokeInvite: {
          method: "POST",
          path: "/users/revoke_invite",
          body: PleromaRevokeInviteSchema,
          responses: { 200: PleromaInviteSchema, ...errors, ...notFound },
          summary: "Revoke invite by token",
          metadata: adminOnly("invites:manage"),
        },
        sendEmailInvite: {
          method: "POST",
          path: "/users/email_invite",
          body: PleromaEmailInviteSchema,
          responses: { 204: c.noBody(), ...errors },
          summary: "Send a registration invite by email",
          metadata: adminOnly("invites:manage"),
        },
        getPasswordResetToken: {
          method: "GET",
          path: "/users/:nickname/password_reset",
          pathParams: NicknameParams,
          responses: { 200: z.string().describe("A password reset token; the console's reset page takes it."), ...errors, ...notFound },
          summary: "Get a password reset token for a given nickname",
          description: "The token is shown in this answer only. Needs `users:update` (a reset sets the account's password) and rank on the account.",
          metadata: adminOnly("users:update"),
        },
      },
      { strictStatusCodes: true },
    ),
    follows: c.router(
      {
        followUser: {
          method: "POST",
          path: "/users/follow",
          body: PleromaFollowSchema,
          responses: { 200: z.literal("ok"), ...errors, ...notFound },
          summary: "Make a user follow another user",
          metadata: adminOnly("users:update"),
        },
        unfollowUser: {
          method: "POST",
          path: "/users/unfollow",
          body: PleromaFollowSchema,
          responses: { 200: z.literal("ok"), ...errors, ...notFound },
          summary: "Make a user unfollow another user",
          metadata: adminOnly("users:update"),
        },
      },
      { strictStatusCodes: true },
    ),
    tags: c.router(
      {
        tagUsers: {
          method: "PUT",
          path: "/users/tag",
          body: PleromaTagUsersSchema,
          responses: { 204: c.noBody(), ...errors, ...notFound },
          summary: "Tag a list of users",
          metadata: adminOnly("users:update"),
        },
        untagUsers: {
          method: "DELETE",
          path: "/users/tag",
          body: PleromaTagUsersSchema,
          responses: { 204: c.noBody(), ...errors, ...notFound },
          summary: "Untag a list of users",
          metadata: adminOnly("users:update"),
        },
      },
      { strictStatusCodes: true },
    ),
    users: c.router(
      {
        listUsers: {
          method: "GET",
          path: "/users",
          query: PleromaListUsersQuerySchema,
          responses: { 200: PleromaUserListSchema, ...errors },
          summary: "List users",
          metadata: adminOnly("users:read"),
        },
        createUser: {
          method: "POST",
          path: "/users",
          body: PleromaCreateUserSchema,
          responses: { 200: z.string().describe("The new user's nickname."), ...errors, ...conflict },
          summary: "Create a user",
          metadata: adminOnly("users:create"),
        },
        deleteUser: {
          method: "DELETE",
          path: "/users",
          body: NicknameBody,
          responses: { 200: z.string().describe("The removed user's nickname."), ...errors, ...notFound, ...conflict },
          summary: "Remove a user",
          metadata: adminOnly("users:delete"),
        },
        getUser: {
          method: "GET",
          path: "/users/:nickname",
          pathParams: NicknameParams,
          responses: { 200: PleromaUserSchema, ...errors, ...notFound },
          summary: "Retrieve the details of a user",
          metadata: adminOnly("users:read"),
        },
        toggleUserActivation: {
          method: "PATCH",
          path: "/users/:nickname/toggle_activation",
          pathParams: NicknameParams,
          body: z.object({}).passthrough().optional(),
          responses: { 200: PleromaUserSchema, ...errors, ...notFound, ...conflict },
          summary: "Toggle user activation",
          metadata: adminOnly("users:update"),
        },
        setUserActivationStatus: {
          method: "PUT",
          path: "/users/:nickname/activation_status",
          pathParams: NicknameParams,
          body: PleromaActivationStatusSchema,
          responses: { 204: c.noBody(), ...errors, ...notFound, ...conflict },
          summary: "Activate or deactivate a user",
          metadata: adminOnly("users:update"),
        },
      },
      { strictStatusCodes: true },
    ),
    permissionGroups: c.router(
      {
        getPermissionGroups: {
          method: "GET",
          path: "/users/:nickname/permission_group",
          pathParams: NicknameParams,
          responses: { 200: PleromaPermissionGroupsSchema, ...errors, ...notFound },
          summary: "Get user permission groups membership",
          metadata: adminOnly("users:read"),
        },
        getPermissionGroup: {
          method: "GET",
          path: "/users/:nickname/permission_group/:permission_group",
          pathParams: PermissionGroupParams,
          responses: { 200: PleromaPermissionGroupsSchema, ...errors, ...notFound },
          summary: "Get user permission groups membership per permission group",
          metadata: adminOnly("users:read"),
        },
        addPermissionGroup: {
          method: "POST",
          path: "/users/:nickname/permission_group/:permission_group",
          pathParams: PermissionGroupParams,
          body: z.object({}).passthrough().optional(),
          responses: { 200: PleromaPermissionChangeSchema, ...errors, ...notFound },
          summary: "Add user in permission group",
          metadata: adminOnly("users:manage-roles"),
        },
        removePermissionGroup: {
          method: "DELETE",
          path: "/users/:nickname/permission_group/:permission_group",
          pathParams: PermissionGroupParams,
          body: z.object({}).passthrough().optional(),
          responses: { 200: PleromaPermissionChangeSchema, ...errors, ...notFound, ...conflict },
          summary: "Remove user from permission group",
          metadata: adminOnly("users:manage-roles"),
        },
      },
      { strictStatusCodes: true },
    ),
    relays: c.router(
      {
        listRelays: {
          method: "GET",
          path: "/relay",
          responses: { 200: PleromaRelayListSchema, ...errors },
          summary: "List the relays followed (Pleroma 1.1)",
          metadata: adminOnly("relays:read"),
        },
        followRelay: {
          method: "POST",
          path: "/relay",
          body: PleromaRelaySchema,
          responses: { 200: z.string().describe("URL of the relay followed."), ...errors },
          summary: "Follow a relay",
          metadata: adminOnly("relays:manage"),
        },
        unfollowRelay: {
          method: "DELETE",
          path: "/relay",
          body: PleromaRelaySchema,
          responses: { 200: z.string().describe("URL of the relay unfollowed."), ...errors, ...notFound },
          summary: "Unfollow a relay",
          metadata: adminOnly("relays:manage"),
        },
      },
      { strictStatusCodes: true },
    ),
  },
  { strictStatusCodes: true },
);
