import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { requires } from "../common/permissions.js";
import { TextSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors, problem } from "./responses.js";
import { PasswordSchema, UserSchema, UsernameSchema } from "./users.js";

const c = initContract();

/**
 * Operators are users who hold permissions (through roles or their own):
 * the people who run the platform, as opposed to its accounts. One user
 * table, one permission model: these routes read and make them, and set a
 * user's own permissions, under the `operators:*` permissions (Pryv's admin
 * users) rather than `users:*` (accounts).
 */

export const OperatorSchema = UserSchema.extend({
  permissions: z.array(z.string()).describe("Every permission the operator holds, through roles and directly, sorted; `*` is all."),
}).describe("A user who holds permissions.");
export type Operator = z.infer<typeof OperatorSchema>;

export const PermissionListSchema = z
  .array(TextSchema.min(1).max(64))
  .max(100)
  .describe("Permissions from the vocabulary (`resource:action`, as the routes' `x-permission` name them), or `*` for all. You can only give what you hold (403 `permission_not_held`); an unknown one is a 422 `unknown_permission` naming it.");

export const CreateOperatorSchema = z
  .object({
    username: UsernameSchema,
    password: PasswordSchema.optional().describe("Password; omit to give one later (a reset). The platform's policy applies."),
    email: TextSchema.email().max(254).nullable().optional().describe("Email address; unique regardless of case."),
    displayName: TextSchema.max(200).nullable().optional().describe("Name shown to people."),
    permissions: PermissionListSchema.min(1).describe("The operator's own permissions: at least one (else it would be an account)."),
  })
  .strict()
  .describe("A new operator.");
export type CreateOperator = z.infer<typeof CreateOperatorSchema>;

export const SetPermissionsSchema = z
  .object({ permissions: PermissionListSchema.describe("The whole new list of the user's own permissions; their roles stay as they are.") })
  .strict();
export type SetPermissions = z.infer<typeof SetPermissionsSchema>;

export const ListOperatorsQuerySchema = PageQuerySchema.extend({
  q: TextSchema.min(1).max(100).optional().describe("Case-insensitive substring of username, email or names."),
}).strict();
export type ListOperatorsQuery = z.infer<typeof ListOperatorsQuerySchema>;

const IdParams = z.object({ id: UuidSchema.describe("User id.") });

export const operatorsContract = c.router(
  {
    listOperators: {
      method: "GET",
      path: "/operators",
      query: ListOperatorsQuerySchema,
      responses: { 200: pageOf(OperatorSchema), ...commonErrors },
      summary: "List operators",
      description: "Users holding at least one permission, by username, each with everything they hold.",
      metadata: requires("operators:read"),
    },
    getOperator: {
      method: "GET",
      path: "/operators/:id",
      pathParams: IdParams,
      responses: { 200: OperatorSchema, ...commonErrors, 404: problem },
      summary: "Get an operator",
      description: "404 `operator_not_found` for a user who holds no permission.",
      metadata: requires("operators:read"),
    },
    createOperator: {
      method: "POST",
      path: "/operators",
      body: CreateOperatorSchema,
      responses: { 201: OperatorSchema, ...commonErrors, 409: problem, 422: problem },
      summary: "Create an operator",
      description: "A user with permissions of their own, never beyond the caller's (403 `permission_not_held`). A taken username or email is a 409.",
      metadata: requires("operators:create"),
    },
    setUserPermissions: {
      method: "PUT",
      path: "/users/:id/permissions",
      pathParams: IdParams,
      body: SetPermissionsSchema,
      responses: { 200: OperatorSchema, ...commonErrors, 404: problem, 409: problem, 422: problem },
      summary: "Set a user's own permissions",
      description:
        "Replaces the permissions the user holds directly (their roles stay). You must hold what they hold (403 `target_outranks_caller`) and what you give (403 `permission_not_held`). An empty list makes an operator with no role an account again.",
      metadata: requires("users:manage-roles"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
