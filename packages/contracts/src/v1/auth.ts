import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { authenticatedRoute, publicRoute } from "../common/permissions.js";
import { TextSchema, TimestampSchema } from "../common/schemas.js";
import { UserSchema } from "./users.js";
import { commonErrors, inputErrors, unavailableErrors } from "./responses.js";

const c = initContract();

export const LoginSchema = z
  .object({
    username: TextSchema.min(1).max(254).describe("Username (or email)."),
    password: TextSchema.min(1).max(1024).describe("Password."),
    code: TextSchema.min(1)
      .max(64)
      .optional()
      .describe(
        "For an account with two-factor sign-in: the 6-digit code its authenticator app shows now, or one of its unused recovery codes (spent by this sign-in). Without it such an account is answered 401 `mfa_required`; ignored for other accounts.",
      ),
  })
  .strict();

export const LoginResultSchema = z.object({
  token: z.string().describe("Bearer token for `Authorization: Bearer <token>`. Shown once."),
  expiresAt: TimestampSchema.describe("When the session ends unless revoked earlier."),
  user: UserSchema,
});

export const MeSchema = z.object({
  user: UserSchema.nullable().describe("The signed-in user; null when calling with an API key."),
  apiKey: z.object({ id: z.string(), name: z.string() }).nullable().describe("The API key used, if any."),
  permissions: z.array(z.string()).describe("Effective permissions of this caller; `*` means all."),
  session: z
    .object({ id: z.string(), expiresAt: TimestampSchema })
    .nullable()
    .describe("The login session used, if any."),
});

export type Me = z.infer<typeof MeSchema>;

export const authContract = c.router(
  {
    login: {
      method: "POST",
      path: "/auth/login",
      body: LoginSchema,
      responses: { 200: LoginResultSchema, ...inputErrors, 401: ProblemSchema, 429: ProblemSchema, ...unavailableErrors },
      summary: "Sign in",
      description:
        "Exchanges a username and password (and, for an account with two-factor sign-in, a `code`) for a session token. 401 `bad_credentials` does not tell whether the user exists. With the right password, an account with two-factor sign-in and no `code` is a 401 `mfa_required` (not counted as a failure: ask for the code and send again); a wrong or used code is a 401 `invalid_mfa_code`, counted against the sign-in limits as a wrong password is.",
      metadata: publicRoute,
    },
    logout: {
      method: "POST",
      path: "/auth/logout",
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors },
      summary: "Sign out",
      description: "Ends the session whose token made this call.",
      metadata: authenticatedRoute,
    },
    getMe: {
      method: "GET",
      path: "/auth/me",
      responses: { 200: MeSchema, ...commonErrors },
      summary: "Who am I",
      metadata: authenticatedRoute,
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
