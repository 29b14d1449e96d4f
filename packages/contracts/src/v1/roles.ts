import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { requires } from "../common/permissions.js";
import { UuidSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const RoleSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    name: z.string().describe("Role name, used to grant it."),
    description: z.string().nullable().describe("What the role is for."),
    permissions: z.array(z.string()).describe("Permissions it grants; `*` is all."),
    builtIn: z.boolean().describe("Built-in roles cannot be deleted."),
  })
  .describe("A named set of permissions.");
export type Role = z.infer<typeof RoleSchema>;

export const rolesContract = c.router(
  {
    listRoles: {
      method: "GET",
      path: "/roles",
      responses: { 200: z.object({ data: z.array(RoleSchema), total: z.number().int() }), ...commonErrors },
      summary: "List roles",
      metadata: requires("roles:read"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
