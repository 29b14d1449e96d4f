import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { requires } from "../common/permissions.js";
import { TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const GroupNameSchema = TextSchema.trim().min(1).max(200).describe("Display name of the group; need not be unique.");

export const GroupSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    name: z.string().describe("Display name."),
    mucJid: z.string().nullable().describe("Address of the group's chat room (XMPP MUC), when it has one."),
    memberCount: z.number().int().describe("How many users belong to the group."),
    createdAt: TimestampSchema.describe("When the group was created."),
    updatedAt: TimestampSchema.describe("When the group last changed (name, room)."),
  })
  .describe("A group of users.");
export type Group = z.infer<typeof GroupSchema>;

export const GroupMemberSchema = z
  .object({
    id: UuidSchema.describe("User id."),
    username: z.string().describe("Login name."),
    displayName: z.string().nullable().describe("Name shown to people."),
    joinedAt: TimestampSchema.describe("When the user joined the group."),
  })
  .describe("A member of a group.");
export type GroupMember = z.infer<typeof GroupMemberSchema>;

export const CreateGroupSchema = z
  .object({
    name: GroupNameSchema,
    createMuc: z.boolean().optional().describe("Also give the group a chat room, under the configured chat domain."),
  })
  .strict()
  .describe("A new group.");
export type CreateGroup = z.infer<typeof CreateGroupSchema>;

export const UpdateGroupSchema = z.object({ name: GroupNameSchema }).strict().describe("Fields to change.");
export type UpdateGroup = z.infer<typeof UpdateGroupSchema>;

export const GROUP_SORTS = ["name", "-name", "createdAt", "-createdAt"] as const;
export const ListGroupsQuerySchema = PageQuerySchema.extend({
  q: TextSchema.min(1).max(100).optional().describe("Case-insensitive substring of the name."),
  sort: z.enum(GROUP_SORTS).default("name").describe("Sort field, `-` prefix for descending. Default `name`."),
}).strict();
export type ListGroupsQuery = z.infer<typeof ListGroupsQuerySchema>;

export const ListGroupMembersQuerySchema = PageQuerySchema.strict();
export type ListGroupMembersQuery = z.infer<typeof ListGroupMembersQuerySchema>;

const GroupParams = z.object({ id: UuidSchema.describe("Group id.") });
const MemberParams = GroupParams.extend({ userId: UuidSchema.describe("User id.") });
const notFound = { 404: ProblemSchema };

export const groupsContract = c.router(
  {
    listGroups: {
      method: "GET",
      path: "/groups",
      query: ListGroupsQuerySchema,
      responses: { 200: pageOf(GroupSchema), ...commonErrors },
      summary: "List groups",
      description: "With member counts; `total` counts all matches.",
      metadata: requires("groups:read"),
    },
    createGroup: {
      method: "POST",
      path: "/groups",
      body: CreateGroupSchema,
      responses: { 201: GroupSchema, ...commonErrors },
      summary: "Create a group",
      metadata: requires("groups:manage"),
    },
    getGroup: {
      method: "GET",
      path: "/groups/:id",
      pathParams: GroupParams,
      responses: { 200: GroupSchema, ...commonErrors, ...notFound },
      summary: "Get a group",
      metadata: requires("groups:read"),
    },
    updateGroup: {
      method: "PATCH",
      path: "/groups/:id",
      pathParams: GroupParams,
      body: UpdateGroupSchema,
      responses: { 200: GroupSchema, ...commonErrors, ...notFound },
      summary: "Rename a group",
      metadata: requires("groups:manage"),
    },
    deleteGroup: {
      method: "DELETE",
      path: "/groups/:id",
      pathParams: GroupParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound },
      summary: "Delete a group",
      description: "Its members stay; they only leave the group.",
      metadata: requires("groups:manage"),
    },
    listGroupMembers: {
      method: "GET",
      path: "/groups/:id/members",
      pathParams: GroupParams,
      query: ListGroupMembersQuerySchema,
      responses: { 200: pageOf(GroupMemberSchema), ...commonErrors, ...notFound },
      summary: "List a group's members",
      description: "By username; `total` counts all members.",
      metadata: requires("groups:read"),
    },
    addGroupMember: {
      method: "PUT",
      path: "/groups/:id/members/:userId",
      pathParams: MemberParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound },
      summary: "Add a member",
      description: "Adding a member twice is harmless.",
      metadata: requires("groups:manage"),
    },
    removeGroupMember: {
      method: "DELETE",
      path: "/groups/:id/members/:userId",
      pathParams: MemberParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound },
      summary: "Remove a member",
      description: "Removing a user who is not a member is harmless.",
      metadata: requires("groups:manage"),
    },
    listUserGroups: {
      method: "GET",
      path: "/users/:id/groups",
      pathParams: z.object({ id: UuidSchema.describe("User id.") }),
      responses: { 200: z.object({ data: z.array(GroupSchema).describe("The user's groups, by name."), total: z.number().int().describe("How many.") }), ...commonErrors, ...notFound },
      summary: "List a user's groups",
      metadata: requires("groups:read"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
