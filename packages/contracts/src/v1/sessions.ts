import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { requires } from "../common/permissions.js";
import { TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const SessionSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    userId: UuidSchema.describe("Whose session it is."),
    ip: z.string().nullable().describe("Address the sign-in came from."),
    userAgent: z.string().nullable().describe("The client's User-Agent at sign-in."),
    appId: z.string().nullable().describe("The app it was opened for (the early Pryv methods' `appId`, URL-friendly); null when none was named."),
    surface: z.string().describe("Where the sign-in came from: `v1` (the API), `console`, or a compatibility dialect's name."),
    createdAt: TimestampSchema.describe("When the user signed in."),
    lastSeenAt: TimestampSchema.describe("Last time the session was used (to the minute)."),
    expiresAt: TimestampSchema.describe("When it ends unless revoked earlier."),
  })
  .describe("A live sign-in session.");
export type Session = z.infer<typeof SessionSchema>;

export const ListSessionsQuerySchema = PageQuerySchema.strict();
export type ListSessionsQuery = z.infer<typeof ListSessionsQuerySchema>;

export const SessionWithUserSchema = SessionSchema.extend({
  user: z
    .object({
      id: UuidSchema.describe("User id."),
      username: z.string().describe("Login name."),
      displayName: z.string().nullable().describe("Name shown to people; null when unset."),
    })
    .describe("Who is signed in."),
}).describe("A live sign-in session, with whose it is.");
export type SessionWithUser = z.infer<typeof SessionWithUserSchema>;

export const ListAllSessionsQuerySchema = PageQuerySchema.extend({
  userId: UuidSchema.optional().describe("Only this user's sessions."),
  surface: TextSchema.max(32).optional().describe("Only sessions opened through this surface: `v1`, `console`, or a compatibility API's name."),
}).strict();
export type ListAllSessionsQuery = z.infer<typeof ListAllSessionsQuerySchema>;

const UserParams = z.object({ id: UuidSchema.describe("User id.") });
const notFound = { 404: ProblemSchema };

export const sessionsContract = c.router(
  {
    listSessions: {
      method: "GET",
      path: "/sessions",
      query: ListAllSessionsQuerySchema,
      responses: { 200: pageOf(SessionWithUserSchema), ...commonErrors },
      summary: "List live sessions across all users",
      description:
        "Who is signed in, newest sign-in first, each session with its user; ended (revoked or expired) sessions are not listed. " +
        "Filter by user or by surface; `total` counts every live session that matches.",
      metadata: requires("sessions:read"),
    },
    listUserSessions: {
      method: "GET",
      path: "/users/:id/sessions",
      pathParams: UserParams,
      query: ListSessionsQuerySchema,
      responses: { 200: pageOf(SessionSchema), ...commonErrors, ...notFound },
      summary: "List a user's live sessions",
      description: "Newest first; ended (revoked or expired) sessions are not listed. 404 (`user_not_found`) for an unknown user.",
      metadata: requires("sessions:read"),
    },
    revokeUserSession: {
      method: "DELETE",
      path: "/users/:id/sessions/:sessionId",
      pathParams: UserParams.extend({ sessionId: UuidSchema.describe("Session id.") }),
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound },
      summary: "End one session",
      description:
        "Its token stops working at once, on every instance. Ending a session that has already ended (revoked or expired) " +
        "succeeds and changes nothing. 404 (`user_not_found`, `session_not_found`) when the session is not this user's; " +
        "403 (`target_outranks_caller`) when the user holds permissions the caller does not.",
      metadata: requires("sessions:revoke"),
    },
    revokeUserSessions: {
      method: "DELETE",
      path: "/users/:id/sessions",
      pathParams: UserParams,
      body: c.noBody(),
      responses: {
        200: z.object({ revoked: z.number().int().describe("How many live sessions were ended.") }),
        ...commonErrors,
        ...notFound,
      },
      summary: "End every session of a user",
      description: "404 (`user_not_found`) for an unknown user; 403 (`target_outranks_caller`) when the user holds permissions the caller does not.",
      metadata: requires("sessions:revoke"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
