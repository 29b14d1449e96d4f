import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { requires } from "../common/permissions.js";
import { TextSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors, problem } from "./responses.js";

const c = initContract();

export const RoleSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    name: z.string().describe("Role name, used to grant it."),
    description: z.string().nullable().describe("What the role is for."),
    permissions: z.array(z.string()).describe("Permissions it grants; `*` is all."),
    builtIn: z.boolean().describe("Built-in roles (`admin`, `moderator`) cannot be changed or deleted."),
  })
  .describe("A named set of permissions.");
export type Role = z.infer<typeof RoleSchema>;

export const RoleNameSchema = TextSchema.regex(/^[a-z][a-z0-9_-]{0,63}$/, "Lower-case letters, digits, `_` and `-`, starting with a letter, at most 64").describe(
  "The role's name, as users are granted it (`/users/:id/roles/:role`).",
);

const RolePermissionsSchema = z
  .array(TextSchema.min(1).max(64))
  .max(100)
  .describe("Permissions the role grants (`resource:action`, the vocabulary the routes' `x-permission` name), or `*` for all. You can only give what you hold; an unknown one is a 422 naming it.");

export const CreateRoleSchema = z
  .object({
    name: RoleNameSchema,
    description: TextSchema.max(500).nullable().optional().describe("What the role is for."),
    permissions: RolePermissionsSchema,
  })
  .strict();
export type CreateRole = z.infer<typeof CreateRoleSchema>;

export const UpdateRoleSchema = z
  .object({
    name: RoleNameSchema.optional(),
    description: TextSchema.max(500).nullable().optional().describe("What the role is for."),
    permissions: RolePermissionsSchema.optional().describe("The whole new list: what it grants from now on, to every holder at once."),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "Give at least one field to change");
export type UpdateRole = z.infer<typeof UpdateRoleSchema>;

const RoleParams = z.object({ id: UuidSchema.describe("Role id.") });
const notFound = { 404: problem };
const refused = { 409: problem, 422: problem };

export const rolesContract = c.router(
  {
    listRoles: {
      method: "GET",
      path: "/roles",
      responses: { 200: z.object({ data: z.array(RoleSchema), total: z.number().int() }), ...commonErrors },
      summary: "List roles",
      metadata: requires("roles:read"),
    },
    getRole: {
      method: "GET",
      path: "/roles/:id",
      pathParams: RoleParams,
      responses: { 200: RoleSchema, ...commonErrors, ...notFound },
      summary: "Get a role",
      metadata: requires("roles:read"),
    },
    createRole: {
      method: "POST",
      path: "/roles",
      body: CreateRoleSchema,
      responses: { 201: RoleSchema, ...commonErrors, ...refused },
      summary: "Create a custom role",
      description:
        "You must hold every permission you give it (403 `permission_not_held`). A permission outside the vocabulary is a 422 `unknown_permission` naming it; a taken name a 409 `role_name_taken`.",
      metadata: requires("roles:manage"),
    },
    updateRole: {
      method: "PATCH",
      path: "/roles/:id",
      pathParams: RoleParams,
      body: UpdateRoleSchema,
      responses: { 200: RoleSchema, ...commonErrors, ...notFound, ...refused },
      summary: "Rename a custom role or change what it grants",
      description:
        "Every holder gets the new permissions at once (their sessions and keys included). You must hold every permission the role grants before and after (403 `permission_not_held`); built-in roles are read-only (409 `built_in_role`).",
      metadata: requires("roles:manage"),
    },
    deleteRole: {
      method: "DELETE",
      path: "/roles/:id",
      pathParams: RoleParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound, 409: problem },
      summary: "Delete a custom role",
      description:
        "Refused while anyone holds it (409 `role_in_use`, saying how many): revoke it first, so nobody loses access without an audited revocation. Built-in roles cannot be deleted (409 `built_in_role`); you must hold every permission it grants.",
      metadata: requires("roles:manage"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
