import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { requires } from "../common/permissions.js";
import { TextSchema, TimestampSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const AuditEventSchema = z
  .object({
    id: z.string().describe("Increasing identifier."),
    at: TimestampSchema.describe("When it happened."),
    actor: z
      .object({
        type: z.enum(["user", "api_key", "system", "anonymous"]).describe("What kind of caller acted: `anonymous` for public actions such as redeeming an invite."),
        id: z.string().nullable().describe("Id of the user or API key."),
        label: z.string().nullable().describe("Username or key name at the time."),
      })
      .describe("Who acted."),
    action: z.string().describe("What was done, `<resource>.<verb>` (`user.update`)."),
    target: z
      .object({ type: z.string().nullable(), id: z.string().nullable() })
      .describe("What it was done to."),
    before: z.unknown().nullable().describe("The target before the change (secrets left out)."),
    after: z.unknown().nullable().describe("The target after the change (secrets left out)."),
    dialect: z.string().describe("Which surface made the change: `v1` (the API), `console` (the API, through the console), a compatibility API's name (`prosody`, ...), or `system`."),
    ip: z.string().nullable().describe("Caller's address."),
    requestId: z.string().nullable().describe("Request id, to match logs."),
  })
  .describe("One recorded change.");
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const ListAuditEventsQuerySchema = PageQuerySchema.extend({
  action: TextSchema.max(64).optional().describe("Exact action (`user.update`) or a resource prefix ending in a dot (`user.`)."),
  actorId: TextSchema.max(64).optional().describe("Only events by this user or API key."),
  targetType: TextSchema.max(64).optional().describe("Only events on this kind of target (`user`)."),
  targetId: TextSchema.max(64).optional().describe("Only events on this target."),
  dialect: TextSchema.max(32).optional().describe("Only events that came through this API."),
  since: TimestampSchema.optional().describe("Only events at or after this time."),
  until: TimestampSchema.optional().describe("Only events before this time."),
}).strict();

export const auditEventsContract = c.router(
  {
    listAuditEvents: {
      method: "GET",
      path: "/audit-events",
      query: ListAuditEventsQuerySchema,
      responses: { 200: pageOf(AuditEventSchema), ...commonErrors },
      summary: "List audit events",
      description: "Newest first.",
      metadata: requires("audit-events:read"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
