import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { ALL_PERMISSIONS, WILDCARD_PERMISSION, requires } from "../common/permissions.js";
import { TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const PermissionSchema = z
  .enum([WILDCARD_PERMISSION, ...ALL_PERMISSIONS])
  .describe("A `resource:action` permission, or `*` for all.");

export const ApiKeySchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    name: z.string().describe("What the key is for."),
    prefix: z.string().describe("First characters of the key, to tell keys apart."),
    permissions: z.array(z.string()).describe("What the key may do."),
    createdBy: z.object({ id: UuidSchema, username: z.string() }).nullable().describe("Who made it."),
    expiresAt: TimestampSchema.nullable().describe("When it stops working; null for never."),
    lastUsedAt: TimestampSchema.nullable().describe("Last time it authenticated a request (to the minute)."),
    lastUsedIp: z.string().nullable().describe("The address of the request that last set `lastUsedAt`."),
    revokedAt: TimestampSchema.nullable().describe("When it was revoked."),
    createdAt: TimestampSchema.describe("When it was made."),
  })
  .describe("An API key. The secret is never shown after creation.");
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const CreateApiKeySchema = z
  .object({
    name: TextSchema.trim().min(1).max(100).describe("What the key is for."),
    permissions: z.array(PermissionSchema).min(1).max(100).describe("What the key may do; no more than its creator holds."),
    expiresAt: TimestampSchema.optional().describe("When it stops working; omit for never."),
  })
  .strict();

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().describe("The secret, for `Authorization: Bearer <key>`. Shown only now."),
});

const IdParams = z.object({ id: UuidSchema.describe("API key id.") });

export const apiKeysContract = c.router(
  {
    listApiKeys: {
      method: "GET",
      path: "/api-keys",
      query: PageQuerySchema.extend({
        includeRevoked: z.enum(["true", "false"]).transform((v) => v === "true").optional().describe("Also list revoked keys."),
      }).strict(),
      responses: { 200: pageOf(ApiKeySchema), ...commonErrors },
      summary: "List API keys",
      metadata: requires("api-keys:read"),
    },
    createApiKey: {
      method: "POST",
      path: "/api-keys",
      body: CreateApiKeySchema,
      responses: { 201: CreatedApiKeySchema, ...commonErrors, 422: ProblemSchema },
      summary: "Create an API key",
      description: "The secret `key` is in this response only.",
      metadata: requires("api-keys:create"),
    },
    getApiKey: {
      method: "GET",
      path: "/api-keys/:id",
      pathParams: IdParams,
      responses: { 200: ApiKeySchema, ...commonErrors, 404: ProblemSchema },
      summary: "Get an API key",
      metadata: requires("api-keys:read"),
    },
    revokeApiKey: {
      method: "DELETE",
      path: "/api-keys/:id",
      pathParams: IdParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, 404: ProblemSchema },
      summary: "Revoke an API key",
      description: "It stops working at once. Revoking twice is harmless.",
      metadata: requires("api-keys:revoke"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
