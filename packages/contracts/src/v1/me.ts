import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { authenticatedRoute } from "../common/permissions.js";
import { TextSchema, UuidSchema } from "../common/schemas.js";
import { V1_PREFIX } from "./prefix.js";
import { commonErrors } from "./responses.js";
import { SessionSchema } from "./sessions.js";
import { IfMatchHeaders, OptionalProfileSchema, PASSWORD_MAX_LENGTH, PasswordSchema, UserSchema } from "./users.js";

const c = initContract();

/**
 * The self-service area: what any signed-in account does to itself, with
 * no operator permission, never to another account. Through a login
 * session only (an API key is refused, 403 `session_required`).
 */

export const UpdateOwnProfileSchema = OptionalProfileSchema.omit({ externalId: true })
  .strict()
  .describe("Fields of your own profile to change; omitted fields stay as they are, null clears a field. Your username, roles and tags are an operator's to change.");
export type UpdateOwnProfile = z.infer<typeof UpdateOwnProfileSchema>;

export const ChangeOwnPasswordSchema = z
  .object({
    currentPassword: TextSchema.min(1).max(PASSWORD_MAX_LENGTH).describe("Your password now."),
    newPassword: PasswordSchema.describe("The new one; the platform's password policy applies."),
  })
  .strict();
export type ChangeOwnPassword = z.infer<typeof ChangeOwnPasswordSchema>;

export const PasswordChangedSchema = z
  .object({ sessionsEnded: z.number().int().describe("Your other sessions ended by the change; this one stays.") })
  .describe("The password changed.");
export type PasswordChanged = z.infer<typeof PasswordChangedSchema>;

export const OwnSessionSchema = SessionSchema.extend({
  current: z.boolean().describe("Whether it is the session making this call."),
}).describe("One of your live sign-in sessions.");
export type OwnSession = z.infer<typeof OwnSessionSchema>;

export const ListOwnSessionsQuerySchema = PageQuerySchema.strict();

const SessionParams = z.object({ sessionId: UuidSchema.describe("Session id.") });

export const meContract = c.router(
  {
    getOwnAccount: {
      method: "GET",
      path: "/me",
      responses: { 200: UserSchema, ...commonErrors },
      summary: "Your account",
      description: "The signed-in account as operators see it, with its ETag. 403 `session_required` with an API key.",
      metadata: authenticatedRoute,
    },
    updateOwnProfile: {
      method: "PATCH",
      path: "/me",
      headers: IfMatchHeaders,
      body: UpdateOwnProfileSchema,
      responses: { 200: UserSchema, ...commonErrors, 409: ProblemSchema, 412: ProblemSchema },
      summary: "Change your profile",
      description: "Email, names, language, phone. 409 `email_taken` when another account has the email; 412 when `If-Match` is stale. Audited with you as the actor.",
      metadata: authenticatedRoute,
    },
    changeOwnPassword: {
      method: "POST",
      path: "/me/password",
      body: ChangeOwnPasswordSchema,
      responses: { 200: PasswordChangedSchema, ...commonErrors, 422: ProblemSchema },
      summary: "Change your password",
      description:
        "422 `wrong_password` when `currentPassword` is not your password (counted against the sign-in limits, as a failed sign-in is: 429 past them); " +
        "422 `weak_password` or `common_password` when the new one breaks the platform's policy. Every other session of yours ends; this one stays.",
      metadata: authenticatedRoute,
    },
    listOwnSessions: {
      method: "GET",
      path: "/me/sessions",
      query: ListOwnSessionsQuerySchema,
      responses: { 200: pageOf(OwnSessionSchema), ...commonErrors },
      summary: "Your live sessions",
      description: "Newest first, each with where and from what it signed in, and which one is this.",
      metadata: authenticatedRoute,
    },
    revokeOwnSession: {
      method: "DELETE",
      path: "/me/sessions/:sessionId",
      pathParams: SessionParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, 404: ProblemSchema },
      summary: "End one of your sessions",
      description: "Its token stops working at once (this one included: that signs you out). 404 `session_not_found` for a session that is not yours.",
      metadata: authenticatedRoute,
    },
    revokeOtherOwnSessions: {
      method: "DELETE",
      path: "/me/sessions",
      body: c.noBody(),
      responses: { 200: z.object({ revoked: z.number().int().describe("Sessions ended.") }), ...commonErrors },
      summary: "Sign out everywhere else",
      description: "Ends every session of yours but this one.",
      metadata: authenticatedRoute,
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
