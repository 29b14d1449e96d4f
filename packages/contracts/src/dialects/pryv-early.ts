import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { ClientDataSchema } from "../common/client-data.js";
import { authenticatedRoute, publicRoute } from "../common/permissions.js";
import { TextSchema } from "../common/schemas.js";
import { ChannelAccessLevelSchema, SharedTokenNameSchema } from "../v1/me-access-tokens.js";
import { BookmarkNameSchema, BookmarkTokenSchema, BookmarkUrlSchema } from "../v1/me-bookmarks.js";
import { ChannelNameSchema, ChannelStateSchema, ColorSchema } from "../v1/me-channels.js";
import { UpdateOwnProfileSchema } from "../v1/me.js";
import { PASSWORD_MAX_LENGTH } from "../v1/users.js";

/**
 * The early Pryv admin methods (reference/pryv-admin-methods-early.md): an
 * account administering itself — its information, password, tokens,
 * bookmarks and channels — through a session opened by `POST /admin/login`
 * and sent back as the whole `Authorization` header. Paths are relative to
 * the dialect's base path (`/pryv`, shared with the Pryv Admin API 1.9,
 * whose paths are disjoint). Every answer carries `Server-Time`.
 */
const c = initContract();

/** Every failure: `{"error":{"id","message"}}`, `id` one of the document's (or Steward's, listed in the README). */
export const PryvEarlyErrorSchema = z
  .object({
    error: z.object({
      id: z.string().describe("`INVALID_PARAMETERS_FORMAT`, `INVALID_CREDENTIALS`, `UNKNOWN_TOKEN`, `UNKNOWN_CHANNEL`, `UNKNOWN_BOOKMARK`, `WRONG_PASSWORD`, `INVALID_NEW_PASSWORD`, ..."),
      message: z.string().describe("What went wrong, for a person."),
    }),
  })
  .describe("An error.");
export type PryvEarlyError = z.infer<typeof PryvEarlyErrorSchema>;

const errors = {
  400: PryvEarlyErrorSchema,
  401: PryvEarlyErrorSchema,
  403: PryvEarlyErrorSchema,
  413: PryvEarlyErrorSchema,
  415: PryvEarlyErrorSchema,
  429: PryvEarlyErrorSchema,
  503: PryvEarlyErrorSchema,
} as const;
const notFound = { 404: PryvEarlyErrorSchema };

/** A Pryv timestamp: seconds since the epoch, with decimals. */
const PryvTimeSchema = z.number().describe("Seconds since the epoch, with decimals.");
/** One a client sends: within the years 1970-9999. */
const PryvTimeInputSchema = z.number().min(0).max(253402300799).describe("Seconds since the epoch, with decimals (years 1970-9999).");
const Empty = z.object({}).strict().describe("Nothing more to say.");
const CreatedSchema = z.object({ id: z.string().describe("The new item's id.") });

export const PryvEarlyLoginSchema = z
  .object({
    userName: TextSchema.min(1).max(254).describe("Username (or email)."),
    password: TextSchema.min(1).max(PASSWORD_MAX_LENGTH),
    appId: TextSchema.min(1).max(200).describe("Your app's name; made URL-friendly before use."),
    code: TextSchema.min(1).max(64).optional().describe("Steward's: the two-factor code, for an account that signs in with one."),
  })
  .strict();

export const PryvEarlyUserInfoSchema = z
  .object({
    userName: z.string().describe("Login name (not changed here)."),
    email: z.string().nullable(),
    displayName: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    language: z.string().nullable().describe("Preferred language, a BCP 47 tag (ISO 639-1 for Pryv's clients)."),
    phone: z.string().nullable(),
  })
  .describe("The account's information.");
export type PryvEarlyUserInfo = z.infer<typeof PryvEarlyUserInfoSchema>;

/** The same fields, and rules, as `PATCH /api/v1/me`. */
export const PryvEarlyUserInfoUpdateSchema = UpdateOwnProfileSchema;

export const PryvEarlyChangePasswordSchema = z
  .object({ oldPassword: TextSchema.min(1).max(PASSWORD_MAX_LENGTH), newPassword: TextSchema.min(1).max(PASSWORD_MAX_LENGTH) })
  .strict();

const PermissionSchema = z.object({ channelId: TextSchema.min(1).max(100).describe("One of your channels."), level: ChannelAccessLevelSchema }).strict();

export const PryvEarlyTokenSchema = z
  .object({
    id: z.string().describe("The token's id (Steward keeps the secret apart, hashed: it is answered only when the token is made)."),
    name: z.string(),
    type: z.literal("shared"),
    permissions: z.array(PermissionSchema),
    expires: PryvTimeSchema.nullable().describe("Steward's: when it stops working; null: never."),
    lastUsed: PryvTimeSchema.nullable().describe("Steward's: when a service last checked it."),
  })
  .describe("A shared access token.");
export type PryvEarlyToken = z.infer<typeof PryvEarlyTokenSchema>;

export const PryvEarlyTokenCreateSchema = z
  .object({
    name: SharedTokenNameSchema,
    type: z.literal("shared").optional().describe("Only shared tokens are made here (the personal one is `get-my-token`'s)."),
    permissions: z.array(PermissionSchema).max(100).default([]),
    expires: PryvTimeInputSchema.nullable().optional().describe("Steward's: when it stops working, in the future; null or absent: never."),
  })
  .strict();
export const PryvEarlyTokenUpdateSchema = z
  .object({
    name: SharedTokenNameSchema.optional(),
    permissions: z.array(PermissionSchema).max(100).optional().describe("Replaces every permission it has."),
    expires: PryvTimeInputSchema.nullable().optional(),
  })
  .strict();

export const PryvEarlyBookmarkSchema = z
  .object({ id: z.string(), name: z.string(), url: z.string(), accessToken: z.string().nullable() })
  .describe("A sharing bookmark.");
export type PryvEarlyBookmark = z.infer<typeof PryvEarlyBookmarkSchema>;
const BookmarkFields = {
  name: BookmarkNameSchema,
  url: BookmarkUrlSchema,
  accessToken: BookmarkTokenSchema.nullable().optional(),
};
export const PryvEarlyBookmarkCreateSchema = z.object(BookmarkFields).strict();
export const PryvEarlyBookmarkUpdateSchema = z.object(BookmarkFields).partial().strict();

export const PryvEarlyChannelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    color: z.string().nullable().describe("Steward's: `#rrggbb`, or null."),
    clientData: z.record(z.string(), z.unknown()),
    trashed: z.boolean(),
  })
  .describe("An activity channel.");
export type PryvEarlyChannel = z.infer<typeof PryvEarlyChannelSchema>;
const ChannelFields = {
  name: ChannelNameSchema,
  color: ColorSchema.nullable().optional(),
  clientData: ClientDataSchema.optional(),
};
export const PryvEarlyChannelCreateSchema = z.object(ChannelFields).strict();
export const PryvEarlyChannelUpdateSchema = z
  .object({ ...ChannelFields, trashed: z.boolean().optional().describe("`false` takes it out of the trash; `true` puts it there.") })
  .partial()
  .strict();

const IdParams = (what: string) => z.object({ id: TextSchema.max(100).describe(`The ${what}'s id.`) });

export const pryvEarlyContract = c.router(
  {
    login: {
      method: "POST",
      path: "/admin/login",
      body: PryvEarlyLoginSchema,
      responses: { 200: z.object({ sessionID: z.string().describe("Send it as the whole `Authorization` header.") }), ...errors },
      summary: "Open a session",
      metadata: publicRoute,
    },
    logout: {
      method: "POST",
      path: "/admin/logout",
      body: c.noBody(),
      responses: { 200: Empty, ...errors },
      summary: "End the session",
      metadata: authenticatedRoute,
    },
    getUserInfo: {
      method: "GET",
      path: "/admin/user-info",
      responses: { 200: PryvEarlyUserInfoSchema, ...errors },
      summary: "Your information",
      metadata: authenticatedRoute,
    },
    updateUserInfo: {
      method: "PUT",
      path: "/admin/user-info",
      body: PryvEarlyUserInfoUpdateSchema,
      responses: { 200: PryvEarlyUserInfoSchema, ...errors },
      summary: "Change your information",
      description: "Only the fields given change. 400 `ITEM_ALREADY_EXISTS` for an email another account has.",
      metadata: authenticatedRoute,
    },
    changePassword: {
      method: "POST",
      path: "/admin/change-password",
      body: PryvEarlyChangePasswordSchema,
      responses: { 200: Empty, ...errors },
      summary: "Change your password",
      description: "400 `WRONG_PASSWORD` (counted as a failed sign-in), 400 `INVALID_NEW_PASSWORD`. Your other sessions end.",
      metadata: authenticatedRoute,
    },
    getMyToken: {
      method: "POST",
      path: "/admin/get-my-token",
      body: c.noBody(),
      responses: { 200: z.object({ id: z.string().describe("The token's id."), token: z.string().describe("Steward's: the token itself.") }), ...errors },
      summary: "Your app's personal token",
      description: "For the app the session signed in with: made on the first call, the same after.",
      metadata: authenticatedRoute,
    },
    listTokens: {
      method: "GET",
      path: "/admin/tokens",
      responses: { 200: z.array(PryvEarlyTokenSchema), ...errors },
      summary: "Shared tokens, by name",
      metadata: authenticatedRoute,
    },
    createToken: {
      method: "POST",
      path: "/admin/tokens",
      body: PryvEarlyTokenCreateSchema,
      responses: { 201: CreatedSchema.extend({ token: z.string().describe("Steward's: the secret, answered this once.") }), ...errors },
      summary: "Make a shared token",
      metadata: authenticatedRoute,
    },
    updateToken: {
      method: "PUT",
      path: "/admin/tokens/:id",
      pathParams: IdParams("token"),
      body: PryvEarlyTokenUpdateSchema,
      responses: { 200: PryvEarlyTokenSchema, ...errors, ...notFound },
      summary: "Change a shared token",
      metadata: authenticatedRoute,
    },
    deleteToken: {
      method: "DELETE",
      path: "/admin/tokens/:id",
      pathParams: IdParams("token"),
      body: c.noBody(),
      responses: { 200: Empty, ...errors, ...notFound },
      summary: "Delete a shared token",
      metadata: authenticatedRoute,
    },
    listBookmarks: {
      method: "GET",
      path: "/admin/bookmarks",
      responses: { 200: z.array(PryvEarlyBookmarkSchema), ...errors },
      summary: "Bookmarks, by name",
      metadata: authenticatedRoute,
    },
    createBookmark: {
      method: "POST",
      path: "/admin/bookmarks",
      body: PryvEarlyBookmarkCreateSchema,
      responses: { 201: CreatedSchema, ...errors },
      summary: "Keep a bookmark",
      metadata: authenticatedRoute,
    },
    updateBookmark: {
      method: "PUT",
      path: "/admin/bookmarks/:id",
      pathParams: IdParams("bookmark"),
      body: PryvEarlyBookmarkUpdateSchema,
      responses: { 200: PryvEarlyBookmarkSchema, ...errors, ...notFound },
      summary: "Change a bookmark",
      metadata: authenticatedRoute,
    },
    deleteBookmark: {
      method: "DELETE",
      path: "/admin/bookmarks/:id",
      pathParams: IdParams("bookmark"),
      body: c.noBody(),
      responses: { 200: Empty, ...errors, ...notFound },
      summary: "Delete a bookmark",
      metadata: authenticatedRoute,
    },
    listChannels: {
      method: "GET",
      path: "/admin/channels",
      query: z.object({ state: ChannelStateSchema.optional() }).strict(),
      responses: { 200: z.array(PryvEarlyChannelSchema), ...errors },
      summary: "Channels, by name",
      metadata: authenticatedRoute,
    },
    createChannel: {
      method: "POST",
      path: "/admin/channels",
      body: PryvEarlyChannelCreateSchema,
      responses: { 201: CreatedSchema, ...errors },
      summary: "Make a channel",
      metadata: authenticatedRoute,
    },
    updateChannel: {
      method: "PUT",
      path: "/admin/channels/:id",
      pathParams: IdParams("channel"),
      body: PryvEarlyChannelUpdateSchema,
      responses: { 200: PryvEarlyChannelSchema, ...errors, ...notFound },
      summary: "Change a channel",
      metadata: authenticatedRoute,
    },
    deleteChannel: {
      method: "DELETE",
      path: "/admin/channels/:id",
      pathParams: IdParams("channel"),
      body: c.noBody(),
      responses: { 200: Empty, ...errors, ...notFound },
      summary: "Trash, or delete for good",
      description: "A channel not in the trash goes there; one already there is deleted for good, with the token permissions on it.",
      metadata: authenticatedRoute,
    },
  },
  { strictStatusCodes: true },
);
