import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { ClientDataSchema } from "../common/client-data.js";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { authenticatedRoute } from "../common/permissions.js";
import { SingleLineTextSchema, TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { V1_PREFIX } from "./prefix.js";
import { commonErrors } from "./responses.js";

const c = initContract();

/**
 * Channels: an account's own named scopes (Pryv's activity channels), which
 * its shared access tokens grant access to. Deleting a channel trashes it;
 * deleting a trashed one removes it for good, and every token permission
 * naming it with it.
 */

/** How many channels an account may hold, trashed ones included: every list is whole and bounded. */
export const MAX_CHANNELS_PER_ACCOUNT = 1000;
export const CHANNEL_NAME_MAX_LENGTH = 100;

export const ChannelNameSchema = SingleLineTextSchema.max(CHANNEL_NAME_MAX_LENGTH).describe(
  `The channel's name: one line, at most ${CHANNEL_NAME_MAX_LENGTH} characters, unique among your channels (trashed ones included).`,
);
export const ColorSchema = TextSchema.regex(/^#[0-9a-fA-F]{6}$/, "A colour as #rrggbb").describe("A colour as `#rrggbb`.");

export const ChannelStateSchema = z
  .enum(["default", "trashed", "all"])
  .describe("`default`: channels not in the trash; `trashed`: only those in it; `all`: both.");
export type ChannelState = z.infer<typeof ChannelStateSchema>;

export const ChannelSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    name: z.string().describe("The channel's name, unique among your channels."),
    color: z.string().nullable().describe("`#rrggbb`, or null."),
    clientData: z.record(z.string(), z.unknown()).describe("Free-form data for clients."),
    trashed: z.boolean().describe("In the trash: deleting it again removes it for good; restoring takes it out."),
    trashedAt: TimestampSchema.nullable().describe("When it went to the trash; null when it is not there."),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .describe("One of your channels.");
export type Channel = z.infer<typeof ChannelSchema>;

export const CreateChannelSchema = z
  .object({
    name: ChannelNameSchema,
    color: ColorSchema.nullable().optional(),
    clientData: ClientDataSchema.optional(),
  })
  .strict();
export type CreateChannel = z.infer<typeof CreateChannelSchema>;

export const UpdateChannelSchema = z
  .object({
    name: ChannelNameSchema.optional(),
    color: ColorSchema.nullable().optional().describe("`#rrggbb`; null clears it."),
    clientData: ClientDataSchema.optional().describe("Replaces the whole client data."),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "Give at least one field to change");
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

export const ListChannelsQuerySchema = PageQuerySchema.extend({ state: ChannelStateSchema.default("default") }).strict();
export type ListChannelsQuery = z.infer<typeof ListChannelsQuerySchema>;

export const DeletedChannelSchema = z
  .object({
    outcome: z.enum(["trashed", "deleted"]).describe("`trashed` the first time; `deleted` (for good) when it was in the trash."),
    tokenPermissionsRemoved: z.number().int().describe("Token permissions on the channel that went with it (0 when only trashed)."),
  })
  .describe("What the delete did.");
export type DeletedChannel = z.infer<typeof DeletedChannelSchema>;

const ChannelParams = z.object({ channelId: UuidSchema.describe("Channel id.") });

export const meChannelsContract = c.router(
  {
    listOwnChannels: {
      method: "GET",
      path: "/me/channels",
      query: ListChannelsQuerySchema,
      responses: { 200: pageOf(ChannelSchema), ...commonErrors },
      summary: "Your channels",
      description: `By name. At most ${MAX_CHANNELS_PER_ACCOUNT} per account, so \`total\` is the whole count.`,
      metadata: authenticatedRoute,
    },
    createOwnChannel: {
      method: "POST",
      path: "/me/channels",
      body: CreateChannelSchema,
      responses: { 201: ChannelSchema, ...commonErrors, 409: ProblemSchema },
      summary: "Make a channel",
      description: `409 \`channel_name_taken\` when you have one by that name; 409 \`channel_limit_reached\` past ${MAX_CHANNELS_PER_ACCOUNT}.`,
      metadata: authenticatedRoute,
    },
    getOwnChannel: {
      method: "GET",
      path: "/me/channels/:channelId",
      pathParams: ChannelParams,
      responses: { 200: ChannelSchema, ...commonErrors, 404: ProblemSchema },
      summary: "One of your channels",
      description: "Trashed or not. 404 `channel_not_found` for one that is not yours.",
      metadata: authenticatedRoute,
    },
    updateOwnChannel: {
      method: "PATCH",
      path: "/me/channels/:channelId",
      pathParams: ChannelParams,
      body: UpdateChannelSchema,
      responses: { 200: ChannelSchema, ...commonErrors, 404: ProblemSchema, 409: ProblemSchema },
      summary: "Change a channel",
      description: "Name, colour, client data. 409 `channel_name_taken`.",
      metadata: authenticatedRoute,
    },
    deleteOwnChannel: {
      method: "DELETE",
      path: "/me/channels/:channelId",
      pathParams: ChannelParams,
      body: c.noBody(),
      responses: { 200: DeletedChannelSchema, ...commonErrors, 404: ProblemSchema },
      summary: "Trash, or delete for good",
      description: "A channel not in the trash goes there; one in the trash is deleted for good, with the permissions tokens hold on it.",
      metadata: authenticatedRoute,
    },
    restoreOwnChannel: {
      method: "POST",
      path: "/me/channels/:channelId/restore",
      pathParams: ChannelParams,
      body: c.noBody(),
      responses: { 200: ChannelSchema, ...commonErrors, 404: ProblemSchema },
      summary: "Take a channel out of the trash",
      description: "Its tokens' permissions on it apply again. A channel not in the trash is answered as it is.",
      metadata: authenticatedRoute,
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
