import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { authenticatedRoute, requires } from "../common/permissions.js";
import { TextSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors, problem } from "./responses.js";

const c = initContract();

/** How many recovery codes an account gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

/** A code from the authenticator app (6 digits) or, where the route says so, a recovery code. */
export const MfaCodeSchema = TextSchema.min(1)
  .max(64)
  .describe("The 6-digit code the authenticator app shows now (spaces are ignored), or, where the route takes one, an unused recovery code (`xxxx-xxxx-xxxx`).");

export const MfaCodeBodySchema = z.object({ code: MfaCodeSchema }).strict();
export type MfaCodeBody = z.infer<typeof MfaCodeBodySchema>;

export const MfaStatusSchema = z
  .object({
    enabled: z.boolean().describe("Whether signing in asks for a second factor."),
    recoveryCodesLeft: z.number().int().describe("Recovery codes not used yet (0 while two-factor sign-in is off)."),
  })
  .describe("Your two-factor sign-in.");
export type MfaStatus = z.infer<typeof MfaStatusSchema>;

export const MfaEnrolmentSchema = z
  .object({
    secret: z.string().describe("The TOTP secret, base32: type it into an authenticator app that cannot scan the QR code. Shown once."),
    otpauthUri: z.string().describe("`otpauth://totp/...` (SHA-1, 6 digits, 30 s): draw it as a QR code for the app to scan. Shown once."),
    issuer: z.string().describe("The name the app shows for the account: the platform's site name."),
    account: z.string().describe("The account the app shows: your username."),
  })
  .describe("An enrolment in progress: confirm it with a code from the app (`/auth/me/mfa/enrolment/confirm`).");
export type MfaEnrolment = z.infer<typeof MfaEnrolmentSchema>;

export const RecoveryCodesSchema = z
  .object({
    recoveryCodes: z
      .array(z.string())
      .length(RECOVERY_CODE_COUNT)
      .describe("Ten single-use codes that stand in for the app when it is lost. Shown once; Steward keeps only their hashes."),
  })
  .describe("New recovery codes; any earlier ones no longer work.");
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;

const UserParams = z.object({ id: UuidSchema.describe("User id.") });
/** Refusals of a code or of the state the account is in. */
const refused = { 409: problem, 422: problem };
const SESSION_ONLY = "A login session only: an API key is refused (403 `session_required`).";

export const mfaContract = c.router(
  {
    getMfa: {
      method: "GET",
      path: "/auth/me/mfa",
      responses: { 200: MfaStatusSchema, ...commonErrors },
      summary: "Your two-factor sign-in",
      description: `Whether it is on, and how many recovery codes are left. ${SESSION_ONLY}`,
      metadata: authenticatedRoute,
    },
    startMfaEnrolment: {
      method: "POST",
      path: "/auth/me/mfa/enrolment",
      body: c.noBody(),
      responses: { 200: MfaEnrolmentSchema, ...commonErrors, 409: problem },
      summary: "Start two-factor enrolment (TOTP)",
      description:
        `A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s), answered once as base32 and as an \`otpauth://\` URI; kept encrypted. Starting again replaces an enrolment not yet confirmed. Nothing changes at sign-in until it is confirmed. 409 \`mfa_already_enabled\` when it is on (turn it off first). ${SESSION_ONLY}`,
      metadata: authenticatedRoute,
    },
    confirmMfaEnrolment: {
      method: "POST",
      path: "/auth/me/mfa/enrolment/confirm",
      body: MfaCodeBodySchema,
      responses: { 200: RecoveryCodesSchema, ...commonErrors, ...refused },
      summary: "Confirm enrolment with a code from the app",
      description:
        `Turns two-factor sign-in on and answers ten recovery codes, once. A wrong code is a 422 \`invalid_mfa_code\` and counts against the sign-in limits (429 \`login_rate_limited\` past them); 409 \`mfa_enrolment_not_started\` or \`mfa_already_enabled\`. ${SESSION_ONLY}`,
      metadata: authenticatedRoute,
    },
    regenerateRecoveryCodes: {
      method: "POST",
      path: "/auth/me/mfa/recovery-codes",
      body: MfaCodeBodySchema,
      responses: { 200: RecoveryCodesSchema, ...commonErrors, ...refused },
      summary: "New recovery codes",
      description:
        `Ten new codes, answered once; the earlier ones stop working. Takes a current code from the app (not a recovery code): a wrong one is a 422 \`invalid_mfa_code\` and counts against the sign-in limits. 409 \`mfa_not_enabled\` when it is off. ${SESSION_ONLY}`,
      metadata: authenticatedRoute,
    },
    disableMfa: {
      method: "DELETE",
      path: "/auth/me/mfa",
      body: MfaCodeBodySchema,
      responses: { 204: c.noBody(), ...commonErrors, ...refused },
      summary: "Turn your two-factor sign-in off",
      description:
        `Takes a current code from the app or an unused recovery code: a wrong one is a 422 \`invalid_mfa_code\` and counts against the sign-in limits. The secret and the recovery codes are forgotten. 409 \`mfa_not_enabled\` when it is off. ${SESSION_ONLY}`,
      metadata: authenticatedRoute,
    },
    resetUserMfa: {
      method: "DELETE",
      path: "/users/:id/mfa",
      pathParams: UserParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, 404: problem },
      summary: "Turn a user's two-factor sign-in off",
      description:
        "For a user who lost their app and their recovery codes: their secret and recovery codes are forgotten, so they sign in with their password alone and may enrol again. Their sessions stay. Audited as `user.mfa.reset`. Harmless when it is off already. You cannot do it to someone holding a permission you lack (403 `target_outranks_caller`).",
      metadata: requires("users:reset-mfa"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
