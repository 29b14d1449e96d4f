import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { publicRoute } from "../common/permissions.js";
import { TextSchema } from "../common/schemas.js";
import { V1_PREFIX } from "./prefix.js";
import { inputErrors, unavailableErrors } from "./responses.js";
import { RegistrationPolicySchema } from "./settings.js";
import { PasswordSchema, UsernameSchema } from "./users.js";

const c = initContract();

export const RegistrationInfoSchema = z
  .object({
    siteName: z.string().describe("Name of the platform."),
    registration: RegistrationPolicySchema,
    passwordMinLength: z.number().int().describe("The fewest characters a new password may have (the settings' `passwords.minLength`)."),
  })
  .describe("What a sign-up page needs to know before it asks anything.");
export type RegistrationInfo = z.infer<typeof RegistrationInfoSchema>;

export const SignUpSchema = z
  .object({
    username: UsernameSchema,
    password: PasswordSchema,
    email: TextSchema.email().max(254).optional().describe("Email address; unique regardless of case."),
    displayName: TextSchema.max(200).optional().describe("Name shown to people."),
    referer: TextSchema.max(500).optional().describe("Where the person came from (a campaign, a page), kept with the account's registration facts."),
  })
  .strict();
export type SignUp = z.infer<typeof SignUpSchema>;

export const SignedUpSchema = z
  .object({
    outcome: z.literal("account_created").describe("What signing up did."),
    username: z.string().describe("The account created: sign in with it."),
  })
  .describe("The result of signing up.");
export type SignedUp = z.infer<typeof SignedUpSchema>;

export const registrationContract = c.router(
  {
    getRegistration: {
      method: "GET",
      path: "/auth/registration",
      responses: { 200: RegistrationInfoSchema, ...inputErrors, ...unavailableErrors },
      summary: "Whether sign-up is open (public)",
      description: "No sign-in. The registration policy of the platform settings, the site's name and the password policy's minimum length.",
      metadata: publicRoute,
    },
    signUp: {
      method: "POST",
      path: "/auth/registration",
      body: SignUpSchema,
      responses: {
        201: SignedUpSchema,
        ...inputErrors,
        403: ProblemSchema,
        409: ProblemSchema,
        422: ProblemSchema,
        429: ProblemSchema,
        ...unavailableErrors,
      },
      summary: "Sign up (public)",
      description:
        "No sign-in: creates an account with no role and no permission, when the settings' `registration` is `open`; then sign in with it. " +
        "403 `registration_invite_only` (an invitation is needed) or `registration_closed`; 409 `username_taken` or `email_taken`; " +
        "422 `weak_password` or `common_password` when the password breaks the platform's policy. " +
        "Every attempt counts against a limit per address shared with invitations (429 `registration_rate_limited`). Audited as `user.register`.",
      metadata: publicRoute,
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
