import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { requires } from "../common/permissions.js";
import { QueryBoolean, TextSchema, TimestampSchema, UuidSchema, queryList } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const UsernameSchema = TextSchema.min(1)
  .max(64)
  .regex(USERNAME_PATTERN, "Use letters, digits, dot, dash and underscore; start with a letter or digit")
  .describe("Login name; unique regardless of case.");
/** The longest password any surface takes (argon2 hashes what it is given: this bounds its work). */
export const PASSWORD_MAX_LENGTH = 256;
/**
 * A password as requests carry it: any text up to PASSWORD_MAX_LENGTH. The
 * platform's policy (8 characters at least by default, STEWARD_PASSWORD_MIN_LENGTH)
 * is the server's use cases' to apply, alike on every surface: 422 `weak_password`.
 */
export const PasswordSchema = TextSchema.min(1)
  .max(PASSWORD_MAX_LENGTH)
  .describe("Password. Stored as an argon2id hash. The platform's policy applies (by default 8 to 256 characters): else 422 `weak_password`.");
export const TagSchema = TextSchema.min(1).max(64).regex(/^[^\s,]+$/, "Tags have no spaces or commas").describe("A free-form label.");
export const UserStatusSchema = z.enum(["active", "deactivated"]).describe("`deactivated` users cannot sign in.");

const profileFields = {
  email: TextSchema.email().max(254).nullable().describe("Email address; unique regardless of case."),
  displayName: TextSchema.max(200).nullable().describe("Name shown to people."),
  firstName: TextSchema.max(100).nullable().describe("Given name."),
  lastName: TextSchema.max(100).nullable().describe("Family name."),
  language: TextSchema.max(35).nullable().describe("Preferred language as a BCP 47 tag (`en`, `fr-CH`)."),
  phone: TextSchema.max(40).nullable().describe("Phone number."),
  externalId: TextSchema.min(1).max(191).nullable().describe("Identifier of this user in another system; unique."),
};

export const UserSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    numericId: z.number().int().describe("Stable number, for systems that address users by integer."),
    username: z.string().describe("Login name."),
    ...profileFields,
    domain: z.string().nullable().describe("Home domain of a remote (federated) account; null when local."),
    local: z.boolean().describe("True for an account of this platform, false for a remote one."),
    status: UserStatusSchema,
    tags: z.array(z.string()).describe("Labels, sorted."),
    roles: z.array(z.string()).describe("Names of the roles the user holds."),
    directPermissions: z
      .array(z.string())
      .describe("Permissions the user holds directly, besides those of their roles (an operator's own set), sorted; `*` is all."),
    groups: z.array(z.object({ id: UuidSchema, name: z.string() })).describe("Groups the user belongs to."),
    mfaEnabled: z.boolean().describe("Whether multi-factor authentication is on."),
    registration: z
      .object({
        inviteId: UuidSchema.nullable().describe("The invite the account was registered with (its id, never its token); null when made otherwise."),
        referer: z.string().nullable().describe("Where the person said they came from when registering."),
        server: z.string().nullable().describe("The server (public URL) the account registered on."),
      })
      .describe("How the account came to be; its registration time is `createdAt`."),
    lastLoginAt: TimestampSchema.nullable().describe("Last successful sign-in."),
    createdAt: TimestampSchema.describe("When the account was created."),
    updatedAt: TimestampSchema.describe("When the account last changed."),
  })
  .describe("A user account.");
export type User = z.infer<typeof UserSchema>;

/** The profile fields, each optional: what create and update both accept. */
export const OptionalProfileSchema = z.object(profileFields).partial();

export const CreateUserSchema = z
  .object({
    username: UsernameSchema,
    password: PasswordSchema.optional(),
    domain: TextSchema.min(1).max(253).nullable().optional().describe("Home domain for a remote account; omit for a local one."),
    status: UserStatusSchema.optional(),
    tags: z.array(TagSchema).max(100).optional().describe("Labels to set."),
    roles: z.array(TextSchema.min(1).max(64)).max(50).optional().describe("Role names to grant."),
    sendSetupLink: z
      .boolean()
      .optional()
      .describe(
        "Instead of a password, mail the new user a link to choose one (an `account_setup` mail; the link lasts 7 days and works once). " +
          "Needs `email` and no `password`, and `users:update` too (what a password reset needs); the user, the link and the mail are made together or not at all.",
      ),
  })
  .merge(OptionalProfileSchema)
  .strict()
  .describe("A new user.");
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    username: UsernameSchema.optional(),
    password: PasswordSchema.optional(),
    tags: z.array(TagSchema).max(100).optional().describe("Replaces all tags."),
  })
  .merge(OptionalProfileSchema)
  .strict()
  .describe("Fields to change; omitted fields stay as they are, null clears a field.");
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

export const USER_SORTS = ["createdAt", "-createdAt", "username", "-username", "numericId", "-numericId", "id", "-id"] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const UserSortSchema = z
  .enum(USER_SORTS)
  .default("-createdAt")
  .describe("Sort field, `-` prefix for descending. Default `-createdAt` (newest first).");

export const ListUsersQuerySchema = PageQuerySchema.extend({
  q: TextSchema.min(1)
    .max(100)
    .optional()
    .describe("Case-insensitive substring of username (`username@domain` for a remote account), email or names."),
  name: TextSchema.min(1).max(100).optional().describe("Case-insensitive substring of the display, first or last name."),
  handle: TextSchema.min(1)
    .max(100)
    .optional()
    .describe("Case-insensitive substring of the username, or of `username@domain` for a remote account (Pleroma's `query`)."),
  domain: TextSchema.min(1).max(253).optional().describe("Only remote accounts of this home domain (exact)."),
  status: UserStatusSchema.optional(),
  role: queryList(TextSchema.max(64))
    .optional()
    .describe("Only users holding all these roles (repeat the parameter). Pleroma's `is_admin` is `role=admin`, `is_moderator` `role=moderator`."),
  tag: queryList(TextSchema.max(64)).optional().describe("Only users with all these tags (repeat the parameter)."),
  anyTag: queryList(TextSchema.max(64))
    .optional()
    .describe("Only users with at least one of these tags (repeat the parameter); Pleroma's `tags[]`."),
  group: UuidSchema.optional().describe("Only members of this group (id)."),
  local: QueryBoolean.optional().describe("`true` for local accounts only, `false` for remote ones only."),
  email: TextSchema.max(254).optional().describe("Exact email, regardless of case."),
  externalId: TextSchema.max(191).optional().describe("Exact external id."),
  sort: UserSortSchema,
}).strict();
export type ListUsersQuery = z.infer<typeof ListUsersQuerySchema>;

/** The largest `numericId` (a PostgreSQL integer). */
export const MAX_NUMERIC_ID = 2 ** 31 - 1;

/** A user's `numericId` as query text: a positive whole number in decimal (no sign, no leading zero), read as a number. */
export const NumericIdQuerySchema = TextSchema.regex(/^[1-9]\d{0,9}$/, "Expected a positive whole number")
  .transform(Number)
  .refine((value) => value <= MAX_NUMERIC_ID, `At most ${MAX_NUMERIC_ID}`);

export const LookupUserQuerySchema = z
  .object({
    username: TextSchema.min(1).max(64).optional().describe("Exact username, regardless of case."),
    email: TextSchema.min(1).max(254).optional().describe("Exact email, regardless of case."),
    externalId: TextSchema.min(1).max(191).optional().describe("Exact external id."),
    numericId: NumericIdQuerySchema.optional().describe(`The user's \`numericId\` (1 to ${MAX_NUMERIC_ID}).`),
  })
  .strict()
  .refine((query) => Object.values(query).filter((v) => v !== undefined).length === 1, {
    message: "Give exactly one of username, email, externalId, numericId",
  });

export const BulkTagsSchema = z
  .object({
    userIds: z.array(UuidSchema).min(1).max(500).describe("Users to change (ids); repeated ids count once."),
    tags: z.array(TagSchema).min(1).max(50).describe("Tags to add or remove."),
  })
  .strict()
  .describe("Tags to add to, or remove from, several users at once.");
export type BulkTags = z.infer<typeof BulkTagsSchema>;

export const BulkTagsResultSchema = z
  .object({
    changed: z.number().int().describe("How many users changed (those that already had, or lacked, every tag did not)."),
    users: z.array(z.object({ id: UuidSchema, tags: z.array(z.string()).describe("Their tags now, sorted.") })).describe("Every user named, in the order given."),
  })
  .describe("The outcome of a bulk tag change.");
export type BulkTagsResult = z.infer<typeof BulkTagsResultSchema>;

export const DeleteUserQuerySchema = z
  .object({
    detachResources: QueryBoolean.optional().describe(
      "`true` detaches the resources attached to the user (each detachment audited) and deletes the user; without it, a user with resources attached is not deleted (409 `resources_attached`).",
    ),
  })
  .strict();
export type DeleteUserQuery = z.infer<typeof DeleteUserQuerySchema>;

const IdParams = z.object({ id: UuidSchema.describe("User id.") });
export const IfMatchHeaders = z.object({
  "if-match": TextSchema.max(100).optional().describe("ETag of the user as last read; the write fails with 412 if it changed since."),
});
const notFound = { 404: ProblemSchema };

export const GeneratedPasswordSchema = z
  .object({
    password: z.string().describe("The new password, from a cryptographic random source. Shown in this answer only; Steward keeps only its hash."),
  })
  .describe("A generated password.");
export type GeneratedPassword = z.infer<typeof GeneratedPasswordSchema>;

export const usersContract = c.router(
  {
    listUsers: {
      method: "GET",
      path: "/users",
      query: ListUsersQuerySchema,
      responses: { 200: pageOf(UserSchema), ...commonErrors },
      summary: "List users",
      description: "Search, filter, sort and page through users. `total` counts all matches.",
      metadata: requires("users:read"),
    },
    lookupUser: {
      method: "GET",
      path: "/users/lookup",
      query: LookupUserQuerySchema,
      responses: { 200: UserSchema, ...commonErrors, ...notFound },
      summary: "Find one user by username, email, external id or numeric id",
      description: "Give exactly one of the parameters (400 otherwise). 404 `user_not_found` when no user matches.",
      metadata: requires("users:read"),
    },
    createUser: {
      method: "POST",
      path: "/users",
      body: CreateUserSchema,
      responses: { 201: UserSchema, ...commonErrors, 409: ProblemSchema, 422: ProblemSchema },
      summary: "Create a user",
      description:
        "With `roles`, also needs `users:manage-roles` (and every permission of those roles), as granting them later would; " +
        "with `sendSetupLink`, also `users:update`. " +
        "422 `weak_password` when the password breaks the platform's policy; 422 `setup_link_needs_email` or `setup_link_with_password` " +
        "when `sendSetupLink` comes without an address or with a password.",
      metadata: requires("users:create"),
    },
    getUser: {
      method: "GET",
      path: "/users/:id",
      pathParams: IdParams,
      responses: { 200: UserSchema, ...commonErrors, ...notFound },
      summary: "Get a user",
      description: "Answers an `ETag` header to use with `If-Match` on writes.",
      metadata: requires("users:read"),
    },
    updateUser: {
      method: "PATCH",
      path: "/users/:id",
      pathParams: IdParams,
      headers: IfMatchHeaders,
      body: UpdateUserSchema,
      responses: { 200: UserSchema, ...commonErrors, ...notFound, 409: ProblemSchema, 412: ProblemSchema, 422: ProblemSchema },
      summary: "Change a user",
      description: "422 `weak_password` when a new password breaks the platform's policy.",
      metadata: requires("users:update"),
    },
    deleteUser: {
      method: "DELETE",
      path: "/users/:id",
      pathParams: IdParams,
      query: DeleteUserQuerySchema,
      headers: IfMatchHeaders,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound, 409: ProblemSchema, 412: ProblemSchema },
      summary: "Delete a user for good",
      description:
        "Refused (409 `last_admin`) when it would leave no active administrator, and (409 `resources_attached`) while resources are " +
        "attached to the user, unless `detachResources=true` detaches them in the same change.",
      metadata: requires("users:delete"),
    },
    activateUser: {
      method: "POST",
      path: "/users/:id/activate",
      pathParams: IdParams,
      body: c.noBody(),
      responses: { 200: UserSchema, ...commonErrors, ...notFound },
      summary: "Activate a user",
      metadata: requires("users:update"),
    },
    resetUserPassword: {
      method: "POST",
      path: "/users/:id/password/reset",
      pathParams: IdParams,
      body: c.noBody(),
      responses: { 200: GeneratedPasswordSchema, ...commonErrors, ...notFound },
      summary: "Give a user a new generated password",
      description:
        "For an operator or an account locked out: a strong random password, answered once and never stored in clear, logged or audited. Every session of the user ends. You cannot do it to someone holding a permission you lack (403 `target_outranks_caller`).",
      metadata: requires("users:update"),
    },
    deactivateUser: {
      method: "POST",
      path: "/users/:id/deactivate",
      pathParams: IdParams,
      body: c.noBody(),
      responses: { 200: UserSchema, ...commonErrors, ...notFound, 409: ProblemSchema },
      summary: "Deactivate a user",
      description: "The user can no longer sign in; their sessions end.",
      metadata: requires("users:update"),
    },
    addUserRole: {
      method: "PUT",
      path: "/users/:id/roles/:role",
      pathParams: IdParams.extend({ role: TextSchema.min(1).max(64).describe("Role name.") }),
      body: c.noBody(),
      responses: { 200: UserSchema, ...commonErrors, ...notFound, 422: ProblemSchema },
      summary: "Grant a role",
      description: "422 when no role has that name.",
      metadata: requires("users:manage-roles"),
    },
    removeUserRole: {
      method: "DELETE",
      path: "/users/:id/roles/:role",
      pathParams: IdParams.extend({ role: TextSchema.min(1).max(64).describe("Role name.") }),
      body: c.noBody(),
      responses: { 200: UserSchema, ...commonErrors, ...notFound, 409: ProblemSchema, 422: ProblemSchema },
      summary: "Revoke a role",
      description:
        "Refused (409) when it would leave no active administrator, 403 (`self_admin_revoke`) when an operator revokes their own admin role; 422 when no role has that name.",
      metadata: requires("users:manage-roles"),
    },
    addUserTags: {
      method: "POST",
      path: "/users/:id/tags",
      pathParams: IdParams,
      body: z.object({ tags: z.array(TagSchema).min(1).max(100).describe("Tags to add.") }).strict(),
      responses: { 200: UserSchema, ...commonErrors, ...notFound },
      summary: "Add tags",
      metadata: requires("users:update"),
    },
    addTagsToUsers: {
      method: "POST",
      path: "/users/tags",
      body: BulkTagsSchema,
      responses: { 200: BulkTagsResultSchema, ...commonErrors, ...notFound },
      summary: "Add tags to several users",
      description:
        "All or nothing: 404 (`user_not_found`, naming the ids) when any user is unknown, 403 when any of them outranks the caller. One audit event per user changed.",
      metadata: requires("users:update"),
    },
    removeTagsFromUsers: {
      method: "POST",
      path: "/users/tags/remove",
      body: BulkTagsSchema,
      responses: { 200: BulkTagsResultSchema, ...commonErrors, ...notFound },
      summary: "Remove tags from several users",
      description: "As adding: all or nothing, one audit event per user changed.",
      metadata: requires("users:update"),
    },
    removeUserTag: {
      method: "DELETE",
      path: "/users/:id/tags/:tag",
      pathParams: IdParams.extend({ tag: TagSchema }),
      body: c.noBody(),
      responses: { 200: UserSchema, ...commonErrors, ...notFound },
      summary: "Remove a tag",
      metadata: requires("users:update"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
