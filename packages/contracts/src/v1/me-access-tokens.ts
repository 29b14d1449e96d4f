import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { authenticatedRoute, requires } from "../common/permissions.js";
import { SingleLineTextSchema, TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { V1_PREFIX } from "./prefix.js";
import { commonErrors } from "./responses.js";

const c = initContract();

/**
 * Access tokens an account hands out to reach its own data (Pryv's data
 * access tokens). Two kinds:
 * - app tokens (`personal`): one per app id, made on the app's first
 *   request and the same on every later one; they reach everything;
 * - shared tokens: a level on each of some of the account's channels,
 *   optionally until a time; the secret is shown once.
 * The services holding the data check a presented token with
 * `POST /access-tokens/introspect`, which answers what it grants now.
 */

export const MAX_SHARED_TOKENS_PER_ACCOUNT = 1000;
export const MAX_APP_TOKENS_PER_ACCOUNT = 100;
export const MAX_TOKEN_PERMISSIONS = 100;
export const ACCESS_TOKEN_NAME_MAX_LENGTH = 100;
/** How long an app id may be, after it is made URL-friendly. */
export const APP_ID_MAX_LENGTH = 100;

export const ChannelAccessLevelSchema = z
  .enum(["read", "contribute", "manage"])
  .describe("`read`: see the channel's data; `contribute`: also add to it; `manage`: also change and delete it.");
export type ChannelAccessLevel = z.infer<typeof ChannelAccessLevelSchema>;

export const ChannelPermissionInputSchema = z
  .object({
    channelId: UuidSchema.describe("One of your channels."),
    level: ChannelAccessLevelSchema,
  })
  .strict();
export type ChannelPermissionInput = z.infer<typeof ChannelPermissionInputSchema>;

export const ChannelPermissionSchema = z.object({
  channelId: UuidSchema,
  channelName: z.string().describe("The channel's name now."),
  channelTrashed: z.boolean().describe("The channel is in the trash: the permission grants nothing until it is restored."),
  level: ChannelAccessLevelSchema,
});
export type ChannelPermission = z.infer<typeof ChannelPermissionSchema>;

export const SharedTokenNameSchema = SingleLineTextSchema.max(ACCESS_TOKEN_NAME_MAX_LENGTH).describe(
  `A name for you to tell it by: one line, at most ${ACCESS_TOKEN_NAME_MAX_LENGTH} characters, unique among your shared tokens.`,
);
const PermissionsInputSchema = z
  .array(ChannelPermissionInputSchema)
  .max(MAX_TOKEN_PERMISSIONS)
  .describe(`What it reaches: a level on each of some of your channels (at most ${MAX_TOKEN_PERMISSIONS}, each channel once). 422 \`unknown_channel\` for one that is not yours.`);

export const SharedAccessTokenSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier (not the secret)."),
    name: z.string(),
    permissions: z.array(ChannelPermissionSchema).describe("By channel name."),
    expiresAt: TimestampSchema.nullable().describe("When it stops working; null: never."),
    expired: z.boolean().describe("Past its expiry: it grants nothing."),
    lastUsedAt: TimestampSchema.nullable().describe("When a service last checked it; null before that."),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .describe("A shared access token. Its secret is shown only when it is made.");
export type SharedAccessToken = z.infer<typeof SharedAccessTokenSchema>;

export const CreatedSharedAccessTokenSchema = SharedAccessTokenSchema.extend({
  token: z.string().describe("The secret, shown this once: Steward keeps only its hash."),
});
export type CreatedSharedAccessToken = z.infer<typeof CreatedSharedAccessTokenSchema>;

export const CreateSharedAccessTokenSchema = z
  .object({
    name: SharedTokenNameSchema,
    permissions: PermissionsInputSchema,
    expiresAt: TimestampSchema.nullable().optional().describe("When it stops working, in the future (422 `expiry_in_past`); null or absent: never."),
  })
  .strict();
export type CreateSharedAccessToken = z.infer<typeof CreateSharedAccessTokenSchema>;

export const UpdateSharedAccessTokenSchema = z
  .object({
    name: SharedTokenNameSchema.optional(),
    permissions: PermissionsInputSchema.optional().describe("Replaces every permission it has."),
    expiresAt: TimestampSchema.nullable().optional().describe("A new expiry in the future; null: never."),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "Give at least one field to change");
export type UpdateSharedAccessToken = z.infer<typeof UpdateSharedAccessTokenSchema>;

export const AppIdSchema = TextSchema.min(1)
  .max(200)
  .describe(`Your app's name: made URL-friendly before use (\`My App!\` → \`my-app\`), at most ${APP_ID_MAX_LENGTH} characters after; 400 \`invalid_app_id\` when nothing is left.`);

export const AppTokenSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier (not the secret)."),
    appId: z.string().describe("The URL-friendly app id it belongs to."),
    lastUsedAt: TimestampSchema.nullable().describe("When a service last checked it; null before that."),
    createdAt: TimestampSchema,
  })
  .describe("An app's personal token: it reaches all your data.");
export type AppToken = z.infer<typeof AppTokenSchema>;

export const AppTokenWithSecretSchema = AppTokenSchema.extend({
  token: z.string().describe("The token the app uses: the same on every request for the same app id, until revoked."),
  created: z.boolean().describe("True when this request made it."),
});
export type AppTokenWithSecret = z.infer<typeof AppTokenWithSecretSchema>;

export const IntrospectAccessTokenSchema = z
  .object({ token: TextSchema.min(1).max(512).describe("The token a client presented.") })
  .strict();
export type IntrospectAccessToken = z.infer<typeof IntrospectAccessTokenSchema>;

export const AccessTokenIntrospectionSchema = z
  .discriminatedUnion("active", [
    z.object({ active: z.literal(false).describe("Unknown, revoked, expired, or its account cannot sign in.") }),
    z.object({
      active: z.literal(true),
      tokenId: UuidSchema,
      kind: z.enum(["personal", "shared"]).describe("`personal`: an app token, it reaches all the account's data; `shared`: only `permissions`."),
      userId: UuidSchema.describe("Whose data it reaches."),
      username: z.string(),
      appId: z.string().nullable().describe("The app a personal token belongs to."),
      permissions: z
        .array(z.object({ channelId: UuidSchema, level: ChannelAccessLevelSchema }))
        .describe("A shared token's levels on channels that exist and are not in the trash; empty for a personal token."),
      expiresAt: TimestampSchema.nullable(),
    }),
  ])
  .describe("What a token grants now.");
export type AccessTokenIntrospection = z.infer<typeof AccessTokenIntrospectionSchema>;

const TokenParams = z.object({ tokenId: UuidSchema.describe("The token's id (not its secret).") });

export const meAccessTokensContract = c.router(
  {
    listOwnSharedTokens: {
      method: "GET",
      path: "/me/access-tokens",
      query: PageQuerySchema.strict(),
      responses: { 200: pageOf(SharedAccessTokenSchema), ...commonErrors },
      summary: "Your shared access tokens",
      description: `By name; never a secret. At most ${MAX_SHARED_TOKENS_PER_ACCOUNT} per account.`,
      metadata: authenticatedRoute,
    },
    createOwnSharedToken: {
      method: "POST",
      path: "/me/access-tokens",
      body: CreateSharedAccessTokenSchema,
      responses: { 201: CreatedSharedAccessTokenSchema, ...commonErrors, 409: ProblemSchema, 422: ProblemSchema },
      summary: "Make a shared access token",
      description: `The secret is answered this once. 409 \`token_name_taken\`; 409 \`token_limit_reached\` past ${MAX_SHARED_TOKENS_PER_ACCOUNT}; 422 \`unknown_channel\`, \`expiry_in_past\`.`,
      metadata: authenticatedRoute,
    },
    getOwnSharedToken: {
      method: "GET",
      path: "/me/access-tokens/:tokenId",
      pathParams: TokenParams,
      responses: { 200: SharedAccessTokenSchema, ...commonErrors, 404: ProblemSchema },
      summary: "One of your shared tokens",
      description: "404 `access_token_not_found` for one that is not yours.",
      metadata: authenticatedRoute,
    },
    updateOwnSharedToken: {
      method: "PATCH",
      path: "/me/access-tokens/:tokenId",
      pathParams: TokenParams,
      body: UpdateSharedAccessTokenSchema,
      responses: { 200: SharedAccessTokenSchema, ...commonErrors, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      summary: "Change a shared token",
      description: "Name, permissions (replaced whole), expiry; the secret stays.",
      metadata: authenticatedRoute,
    },
    deleteOwnSharedToken: {
      method: "DELETE",
      path: "/me/access-tokens/:tokenId",
      pathParams: TokenParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, 404: ProblemSchema },
      summary: "Delete a shared token",
      description: "It stops working at once.",
      metadata: authenticatedRoute,
    },
    listOwnAppTokens: {
      method: "GET",
      path: "/me/app-tokens",
      query: PageQuerySchema.strict(),
      responses: { 200: pageOf(AppTokenSchema), ...commonErrors },
      summary: "Your apps' personal tokens",
      description: "By app id, each with its last use; never a secret.",
      metadata: authenticatedRoute,
    },
    getOwnAppToken: {
      method: "POST",
      path: "/me/app-tokens",
      body: z.object({ appId: AppIdSchema }).strict(),
      responses: { 200: AppTokenWithSecretSchema, ...commonErrors, 409: ProblemSchema },
      summary: "Your app's personal token",
      description: `Made on the app's first request, the same after (until revoked). 409 \`token_limit_reached\` past ${MAX_APP_TOKENS_PER_ACCOUNT} apps.`,
      metadata: authenticatedRoute,
    },
    revokeOwnAppToken: {
      method: "DELETE",
      path: "/me/app-tokens/:tokenId",
      pathParams: TokenParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, 404: ProblemSchema },
      summary: "Revoke an app's token",
      description: "It stops working at once; the app's next request makes a new one.",
      metadata: authenticatedRoute,
    },
    introspectAccessToken: {
      method: "POST",
      path: "/access-tokens/introspect",
      body: IntrospectAccessTokenSchema,
      responses: { 200: AccessTokenIntrospectionSchema, ...commonErrors },
      summary: "Check an access token",
      description:
        "For the services that hold accounts' data: what a token an account handed out grants now (`active: false` when it grants nothing). " +
        "Records its use. Channels in the trash or deleted are not in `permissions`.",
      metadata: requires("access-tokens:introspect"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
