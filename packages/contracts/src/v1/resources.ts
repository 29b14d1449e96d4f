import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { requires } from "../common/permissions.js";
import { TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const AttachedResourceSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier of the link."),
    userId: UuidSchema.describe("The user the resource belongs to."),
    kind: z.string().describe("What sort of thing it is, in the other system's words (`server`, `mailbox`)."),
    externalId: z.string().describe("Its identifier in the other system; unique within its kind."),
    name: z.string().nullable().describe("A name to show for it."),
    attachedAt: TimestampSchema.describe("When it was attached to the user."),
  })
  .describe("Something living in another system that belongs to a user (Pterodactyl's servers, say).");
export type AttachedResource = z.infer<typeof AttachedResourceSchema>;

export const AttachResourceSchema = z
  .object({
    kind: TextSchema.min(1).max(64).describe("What sort of thing it is (`server`), 1 to 64 characters."),
    externalId: TextSchema.min(1).max(191).describe("Its identifier in the other system, 1 to 191 characters; one (kind, externalId) belongs to one user at most."),
    name: TextSchema.max(200).nullable().optional().describe("A name to show for it, up to 200 characters."),
  })
  .strict()
  .describe("A resource to attach to a user.");
export type AttachResource = z.infer<typeof AttachResourceSchema>;

export const ListResourcesQuerySchema = PageQuerySchema.strict();
export type ListResourcesQuery = z.infer<typeof ListResourcesQuerySchema>;

const UserParams = z.object({ id: UuidSchema.describe("User id.") });
const notFound = { 404: ProblemSchema };

export const resourcesContract = c.router(
  {
    listUserResources: {
      method: "GET",
      path: "/users/:id/resources",
      pathParams: UserParams,
      query: ListResourcesQuerySchema,
      responses: { 200: pageOf(AttachedResourceSchema), ...commonErrors, ...notFound },
      summary: "List the resources attached to a user",
      description: "In the order they were attached; `total` counts them all. 404 `user_not_found` for an unknown user.",
      metadata: requires("users:read"),
    },
    attachResource: {
      method: "POST",
      path: "/users/:id/resources",
      pathParams: UserParams,
      body: AttachResourceSchema,
      responses: {
        201: AttachedResourceSchema.describe("The resource, now attached."),
        200: AttachedResourceSchema.describe("The resource, attached to this user already: nothing changed (a different `name` is not applied)."),
        ...commonErrors,
        ...notFound,
        409: ProblemSchema,
      },
      summary: "Attach a resource to a user",
      description:
        "Idempotent: 201 with the new link, or 200 with the existing one when this (kind, externalId) is attached to this user already. " +
        "409 `resource_attached_elsewhere` when it is attached to another user. A write on the user's account: 403 " +
        "`target_outranks_caller` when the user holds permissions the caller does not. 404 `user_not_found` for an unknown user. " +
        "409 `resource_busy` (retry) in the rare case the same resource keeps being detached meanwhile.",
      metadata: requires("users:update"),
    },
    detachResource: {
      method: "DELETE",
      path: "/users/:id/resources/:resourceId",
      pathParams: UserParams.extend({ resourceId: UuidSchema.describe("Id of the link, as listed.") }),
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound },
      summary: "Detach a resource from a user",
      description:
        "404 `user_not_found` for an unknown user, `resource_not_found` when no resource of this user has that id. A write on the " +
        "user's account: 403 `target_outranks_caller` when the user holds permissions the caller does not.",
      metadata: requires("users:update"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
