import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { authenticatedRoute, requires } from "../common/permissions.js";
import { TextSchema } from "../common/schemas.js";

/**
 * Prosody's mod_http_admin_api, as its OpenAPI document describes it
 * (reference/prosody-admin-api.openapi.txt), with the fields real Prosody 13
 * adds where the document is silent. Paths are relative to the dialect's base
 * path (`/admin_api` by default).
 */
const c = initContract();

/** Prosody's error answers carry no documented body; ours say what failed, as JSON. */
export const ProsodyErrorSchema = z
  .object({
    error: z.string().describe("Machine-readable condition, e.g. `user-not-found`, `bad-request`."),
    text: z.string().describe("What went wrong, for a person."),
  })
  .describe("An error.");
export type ProsodyError = z.infer<typeof ProsodyErrorSchema>;

const errors = {
  400: ProsodyErrorSchema,
  401: ProsodyErrorSchema,
  403: ProsodyErrorSchema,
  413: ProsodyErrorSchema,
  415: ProsodyErrorSchema,
  429: ProsodyErrorSchema,
  // The database unreachable or too busy: retry after `Retry-After`.
  503: ProsodyErrorSchema,
} as const;
const notFound = { 404: ProsodyErrorSchema };

export const ProsodyUserSchema = z
  .object({
    username: z.string().describe("XMPP username of the user."),
    display_name: z.string().nullable().describe("Display name of the user."),
    email: z.string().nullable().describe("Email address of the user."),
    phone: z.string().nullable().describe("Phone number of the user."),
    groups: z.array(z.string()).describe("IDs of the groups the user is a member of."),
    role: z.string().describe("Primary role, as Prosody 13 names it: `prosody:admin` or `prosody:member`."),
    secondary_roles: z.array(z.string()).describe("Other roles (Prosody 13)."),
    enabled: z.boolean().describe("Whether the account may sign in (Prosody 13)."),
  })
  .describe("A user account.");
export type ProsodyUser = z.infer<typeof ProsodyUserSchema>;

/** PUT /users/{username}: the document sends a whole User; only these fields are written. */
export const ProsodyUserUpdateSchema = z
  .object({
    username: TextSchema.max(64).optional().describe("Must be the path's username when given: usernames cannot change."),
    display_name: TextSchema.max(200).nullable().optional().describe("New display name; null clears it."),
    email: TextSchema.email().max(254).nullable().optional().describe("New email address; null clears it."),
    phone: TextSchema.max(40).nullable().optional().describe("New phone number; null clears it."),
    groups: z.array(TextSchema.max(64)).max(200).nullable().optional().describe("When given, the user's groups become exactly these IDs."),
  })
  .passthrough()
  .describe("Fields to change; others (role, enabled, ...) are accepted and ignored.");
export type ProsodyUserUpdate = z.infer<typeof ProsodyUserUpdateSchema>;

export const ProsodyInviteSchema = z
  .object({
    id: z.string().describe("Unique ID of the invite."),
    type: z.string().describe("The action of the invite: `register` (Prosody uses it for account, group and reset invites)."),
    reusable: z.boolean().describe("Whether the invite may be used more than once (until expiry or revocation)."),
    inviter: z.string().optional().describe("JID of the inviter, when known."),
    jid: z.string().describe("`username@domain` for an invite bound to an account, else the domain."),
    token: z
      .string()
      .optional()
      .describe("Invite token. Absent (with `uri` and `landing_page`) for a reset invite after the answer that made it, and when you could not make the invite now."),
    uri: z.string().optional().describe("XMPP URI of the invite; absent with the token."),
    landing_page: z.string().optional().describe("HTTPS URL of the page where a person redeems the invite; absent with the token."),
    created_at: z.number().int().describe("Unix timestamp of invite creation."),
    expires: z.number().int().optional().describe("Unix timestamp of invite expiration; absent when it is valid until revoked."),
    groups: z.array(z.string()).describe("IDs of the groups an accepting user joins."),
    source: z.string().describe("Who made it and how: `admin_api/<username>` for this API."),
    reset: z.boolean().describe("Whether this is an account reset for the account in `jid`."),
  })
  .describe("An invitation.");
export type ProsodyInvite = z.infer<typeof ProsodyInviteSchema>;

const Ttl = z
  .number()
  .positive()
  .max(365 * 24 * 3600)
  .nullable()
  .optional()
  .describe("Seconds the invite stays valid.");

export const ProsodyNewAccountInviteSchema = z
  .object({
    username: TextSchema.max(64).nullable().optional().describe("Only this username may be registered with it."),
    ttl: Ttl,
    groups: z.array(TextSchema.max(64)).max(50).nullable().optional().describe("IDs of existing groups to add the new account to."),
  })
  .passthrough();

export const ProsodyNewGroupSchema = z
  .object({
    name: TextSchema.trim().min(1).max(200).describe("Display name of the group."),
    create_muc: z.boolean().optional().describe("Create a chat room (MUC) for the group."),
  })
  .passthrough();

export const ProsodyNewGroupInviteSchema = z
  .object({
    ttl: Ttl,
    groups: z.array(TextSchema.max(64)).max(50).nullable().optional().describe("IDs of existing groups to add the new accounts to."),
    group_options: ProsodyNewGroupSchema.optional().describe("Template of the group made when `groups` names none."),
  })
  .passthrough();

export const ProsodyNewResetInviteSchema = z
  .object({
    username: TextSchema.min(1).max(64).describe("Account to make a password reset link for."),
    ttl: Ttl,
  })
  .passthrough();

export const ProsodyGroupSchema = z
  .object({
    id: z.string().describe("ID of the group."),
    name: z.string().describe("Display name of the group."),
    muc_jid: z.string().nullable().describe("JID of the associated MUC, if any."),
  })
  .describe("A group.");
export type ProsodyGroup = z.infer<typeof ProsodyGroupSchema>;

export const ProsodySessionSchema = z
  .object({
    full_jid: z.string().describe("Full JID of the session: `username@domain/<session id>`."),
    ip: z.string().nullable().describe("Address the session signed in from."),
    since: z.number().int().describe("Unix timestamp of session establishment."),
    status: z
      .object({
        connected: z.boolean().describe("Whether the session is live."),
        hibernating: z.boolean().describe("Whether the session waits to be resumed (never, here)."),
      })
      .describe("Session state."),
    features: z.record(z.boolean()).describe("Stream features in use; none apply to Steward's sessions."),
    queues: z.record(z.number().int()).describe("Stanza queues; none apply to Steward's sessions."),
  })
  .describe("A live session.");

export const ProsodyUserDebugSchema = z
  .object({
    sessions: z.array(ProsodySessionSchema).describe("The user's live sessions."),
    push_registrations: z.record(z.unknown()).describe("Push registrations (none kept by Steward)."),
    omemo: z.object({ status: z.object({ valid: z.boolean() }) }).passthrough().describe("OMEMO state (not kept by Steward)."),
    time: z.number().int().describe("Server time, Unix timestamp (Prosody 13)."),
  })
  .describe("Debug information about a user.");

export const ProsodyServerInfoSchema = z
  .object({
    site_name: z.string().describe("A friendly name for the service."),
    version: z.string().describe("A human-readable version string."),
  })
  .describe("Information about the server.");

const UsernameParams = z.object({ username: TextSchema.min(1).max(1024).describe("The account's username.") });
const IdParams = z.object({ id: TextSchema.min(1).max(1024).describe("The ID.") });
const MemberParams = IdParams.extend({ username: TextSchema.min(1).max(1024).describe("The member's username.") });

export const prosodyContract = c.router(
  {
    users: c.router(
      {
      listUsers: {
        method: "GET",
        path: "/users",
        responses: { 200: z.array(ProsodyUserSchema), ...errors },
        summary: "List users",
        metadata: requires("users:read"),
      },
      getUser: {
        method: "GET",
        path: "/users/:username",
        pathParams: UsernameParams,
        responses: { 200: ProsodyUserSchema, ...errors, ...notFound },
        summary: "Get user by user name",
        metadata: requires("users:read"),
      },
      updateUser: {
        method: "PUT",
        path: "/users/:username",
        pathParams: UsernameParams,
        body: ProsodyUserUpdateSchema,
        responses: { 200: c.noBody(), ...errors, ...notFound, 409: ProsodyErrorSchema },
        summary: "Update a user",
        metadata: requires("users:update"),
      },
      deleteUser: {
        method: "DELETE",
        path: "/users/:username",
        pathParams: UsernameParams,
        body: c.noBody(),
        responses: { 200: c.noBody(), ...errors, ...notFound, 409: ProsodyErrorSchema },
        summary: "Delete a user account",
        metadata: requires("users:delete"),
      },
      getUserGroups: {
        method: "GET",
        path: "/users/:username/groups",
        pathParams: UsernameParams,
        responses: { 200: z.array(z.string()).describe("IDs of the user's groups."), ...errors, ...notFound },
        summary: "List groups that user is a member of",
        metadata: requires("groups:read"),
      },
      getUserDebugInfo: {
        method: "GET",
        path: "/users/:username/debug",
        pathParams: UsernameParams,
        responses: { 200: ProsodyUserDebugSchema, ...errors, ...notFound },
        summary: "Get user debug info",
        metadata: requires("sessions:read"),
      },
      },
      { strictStatusCodes: true },
    ),
    invites: c.router(
      {
      listInvites: {
        method: "GET",
        path: "/invites",
        responses: { 200: z.array(ProsodyInviteSchema), ...errors },
        summary: "List pending invites",
        metadata: requires("invites:read"),
      },
      createInviteForAccount: {
        method: "POST",
        path: "/invites/account",
        body: ProsodyNewAccountInviteSchema.optional(),
        responses: { 200: ProsodyInviteSchema, ...errors, ...notFound, 409: ProsodyErrorSchema },
        summary: "Create invitation to register a new account",
        metadata: requires("invites:manage"),
      },
      createInviteForGroup: {
        method: "POST",
        path: "/invites/group",
        body: ProsodyNewGroupInviteSchema.optional(),
        responses: { 200: ProsodyInviteSchema, ...errors, ...notFound },
        summary: "Create group invitation",
        metadata: requires("invites:manage", "groups:manage"),
      },
      createInviteForAccountReset: {
        method: "POST",
        path: "/invites/reset",
        body: ProsodyNewResetInviteSchema,
        responses: { 200: ProsodyInviteSchema, ...errors, ...notFound },
        summary: "Create account reset invitation",
        metadata: requires("invites:manage"),
      },
      getInviteById: {
        method: "GET",
        path: "/invites/:id",
        pathParams: IdParams,
        responses: { 200: ProsodyInviteSchema, ...errors, ...notFound },
        summary: "Get invite by id",
        metadata: requires("invites:read"),
      },
      deleteInvite: {
        method: "DELETE",
        path: "/invites/:id",
        pathParams: IdParams,
        body: c.noBody(),
        responses: { 200: c.noBody(), ...errors, ...notFound },
        summary: "Delete (revoke) a pending invite",
        metadata: requires("invites:manage"),
      },
      },
      { strictStatusCodes: true },
    ),
    groups: c.router(
      {
      listGroups: {
        method: "GET",
        path: "/groups",
        responses: { 200: z.array(ProsodyGroupSchema), ...errors },
        summary: "List groups",
        metadata: requires("groups:read"),
      },
      createGroup: {
        method: "POST",
        path: "/groups",
        body: ProsodyNewGroupSchema,
        responses: { 200: ProsodyGroupSchema, ...errors },
        summary: "Create group",
        metadata: requires("groups:manage"),
      },
      getGroupById: {
        method: "GET",
        path: "/groups/:id",
        pathParams: IdParams,
        responses: { 200: ProsodyGroupSchema, ...errors, ...notFound },
        summary: "Get group by id",
        metadata: requires("groups:read"),
      },
      deleteGroup: {
        method: "DELETE",
        path: "/groups/:id",
        pathParams: IdParams,
        body: c.noBody(),
        responses: { 204: c.noBody(), ...errors, ...notFound },
        summary: "Delete a group (not its users)",
        metadata: requires("groups:manage"),
      },
      addGroupMember: {
        method: "PUT",
        path: "/groups/:id/members/:username",
        pathParams: MemberParams,
        body: c.noBody(),
        responses: { 204: c.noBody(), ...errors, ...notFound },
        summary: "Create group membership",
        metadata: requires("groups:manage"),
      },
      deleteGroupMember: {
        method: "DELETE",
        path: "/groups/:id/members/:username",
        pathParams: MemberParams,
        body: c.noBody(),
        responses: { 204: c.noBody(), ...errors, ...notFound },
        summary: "Delete a group membership",
        metadata: requires("groups:manage"),
      },
      },
      { strictStatusCodes: true },
    ),
    server: c.router(
      {
      getServerInfo: {
        method: "GET",
        path: "/server/info",
        responses: { 200: ProsodyServerInfoSchema, ...errors },
        summary: "Get information about the server",
        metadata: authenticatedRoute,
      },
      },
      { strictStatusCodes: true },
    ),
  },
  { strictStatusCodes: true },
);
export type ProsodyContract = typeof prosodyContract;
