import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { authenticatedRoute } from "../common/permissions.js";
import { TimestampSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const ServerInfoSchema = z
  .object({
    siteName: z.string().describe("Name of the platform (the settings' `siteName`)."),
    version: z.string().describe("Steward's version."),
    startedAt: TimestampSchema.describe("When this server instance started."),
    uptimeSeconds: z.number().int().describe("Seconds since this instance started."),
    counts: z
      .object({
        users: z.number().int().describe("All accounts."),
        groups: z.number().int().describe("All groups."),
        pendingInvites: z.number().int().describe("Invites that can still be redeemed."),
        liveSessions: z.number().int().describe("Sessions neither revoked nor expired."),
      })
      .describe("How much the platform holds."),
  })
  .describe("About this server.");
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

export const serverInfoContract = c.router(
  {
    getServerInfo: {
      method: "GET",
      path: "/server/info",
      responses: { 200: ServerInfoSchema, ...commonErrors },
      summary: "About this server",
      metadata: authenticatedRoute,
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
