import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { requires } from "../common/permissions.js";
import { SingleLineTextSchema, TextSchema, TimestampSchema } from "../common/schemas.js";
import { commonErrors, problem } from "./responses.js";
import { PASSWORD_MAX_LENGTH } from "./users.js";

const c = initContract();

const DAY = 24 * 3600;
/** The longest an invite may ever be given to live, whatever the settings say: ten years. */
export const INVITE_LIFETIME_CEILING_SECONDS = 10 * 365 * DAY;

const DomainSchema = TextSchema.min(1)
  .max(253)
  .regex(/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, "Must be a domain name");

export const RegistrationPolicySchema = z
  .enum(["open", "invite-only", "closed"])
  .describe(
    "Who may get a new account. `open`: anyone may sign up (`POST /api/v1/auth/registration`, the console's sign-up page), besides operators and invites. `invite-only`: operators create accounts and invites register them; signing up is refused. `closed`: no new account on any surface, neither by sign-up, invite nor operator, until it is reopened.",
  );
export type RegistrationPolicy = z.infer<typeof RegistrationPolicySchema>;

/**
 * The platform settings: one document, versioned (`version` is its schema's,
 * moved by migrations), every field required. What it drives: the site
 * name on mails and public pages; who may register; the password policy on
 * every surface; invites' lifetimes; JIDs and group chat rooms' domains; the mail sender.
 */
export const PlatformSettingsSchema = z
  .object({
    siteName: SingleLineTextSchema.max(100).describe("The platform's name, on public pages, in mails and in server info."),
    registration: RegistrationPolicySchema,
    passwords: z
      .object({
        minLength: z.number().int().min(1).max(PASSWORD_MAX_LENGTH).describe(`The shortest password taken, in characters (1 to ${PASSWORD_MAX_LENGTH}).`),
        rejectCommon: z.boolean().describe("Refuse passwords on the list of common and breached passwords (the zxcvbn-ts common list): 422 `common_password`."),
      })
      .strict()
      .describe("What every password set on any surface must be."),
    invites: z
      .object({
        registerLifetimeSeconds: z.number().int().min(60).max(INVITE_LIFETIME_CEILING_SECONDS).describe("How long a registration invite lives when its maker does not say."),
        resetLifetimeSeconds: z.number().int().min(60).max(INVITE_LIFETIME_CEILING_SECONDS).describe("How long a password reset link lives when its maker does not say."),
        maxLifetimeSeconds: z
          .number()
          .int()
          .min(3600)
          .max(INVITE_LIFETIME_CEILING_SECONDS)
          .describe("The longest any invite may be given to live (ttl or expiry date, on every surface); longer-lived ones are made without an expiry (valid until revoked)."),
      })
      .strict()
      .describe("Invites' lifetimes; each default at most the longest."),
    xmpp: z
      .object({
        domain: DomainSchema.describe("The domain users' chat addresses live under: JIDs in the Prosody API are `<username>@<domain>`."),
        mucDomain: DomainSchema.describe("The domain of groups' chat rooms (`<group id>@<mucDomain>`)."),
      })
      .strict(),
    mail: z
      .object({ from: SingleLineTextSchema.max(320).describe("The From header of every mail Steward sends: `Name <address>` or an address.") })
      .strict(),
  })
  .strict();
export type PlatformSettings = z.infer<typeof PlatformSettingsSchema>;

export const SettingsDocumentSchema = z.object({
  version: z.number().int().describe("The version of the document's schema; migrations move it."),
  revision: z.number().int().describe("Moves on every change: give it back as `If-Match: \"<revision>\"` to change the settings."),
  settings: PlatformSettingsSchema,
  updatedAt: TimestampSchema.describe("When the settings last changed."),
});
export type SettingsDocument = z.infer<typeof SettingsDocumentSchema>;

export const SettingsMigrationSchema = z.object({
  id: z.string().describe("Stable name of the migration."),
  fromVersion: z.number().int(),
  toVersion: z.number().int(),
  description: z.string(),
});
export type SettingsMigration = z.infer<typeof SettingsMigrationSchema>;

export const settingsContract = c.router(
  {
    getSettings: {
      method: "GET",
      path: "/settings",
      responses: { 200: SettingsDocumentSchema, ...commonErrors },
      summary: "Read the platform settings",
      description: "With an `ETag` (the revision) for the next change.",
      metadata: requires("settings:read"),
    },
    putSettings: {
      method: "PUT",
      path: "/settings",
      headers: z.object({ "if-match": z.string().max(200).optional().describe("The revision read (`\"<revision>\"`): the change is refused with 412 if the settings changed since.") }),
      body: z.object({}).passthrough().describe("The whole settings document (PlatformSettings): every problem is answered by path, and nothing is written when any is wrong."),
      responses: { 200: SettingsDocumentSchema, ...commonErrors, 409: problem, 412: problem, 422: problem },
      summary: "Change the platform settings",
      description: "Replaces the document. 422 `invalid_settings` lists every problem by path (`body.passwords.minLength`); 412 `settings_changed` when `If-Match` names an older revision; 409 `settings_migration_pending` while migrations wait to be applied.",
      metadata: requires("settings:update"),
    },
    listSettingsMigrations: {
      method: "GET",
      path: "/settings/migrations",
      responses: { 200: z.object({ data: z.array(SettingsMigrationSchema).describe("Pending, in the order they apply.") }), ...commonErrors },
      summary: "List pending settings migrations",
      metadata: requires("settings:read"),
    },
    applySettingsMigrations: {
      method: "POST",
      path: "/settings/migrations/apply",
      body: c.noBody(),
      responses: { 200: z.object({ data: z.array(SettingsMigrationSchema).describe("Applied, in order.") }), ...commonErrors, 422: problem },
      summary: "Apply pending settings migrations",
      description: "All in one transaction: one that fails (or leaves a document the schema refuses) applies none, 422 `settings_migration_failed`.",
      metadata: requires("settings:update"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
