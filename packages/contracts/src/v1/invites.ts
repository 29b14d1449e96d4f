import { INVITE_LIFETIME_CEILING_SECONDS } from "./settings.js";
import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { publicRoute, requires } from "../common/permissions.js";
import { TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { CreateGroupSchema } from "./groups.js";
import { commonErrors, inputErrors } from "./responses.js";
import { PasswordSchema, UsernameSchema } from "./users.js";

const c = initContract();

export const InviteKindSchema = z
  .enum(["register", "group", "reset"])
  .describe("`register`: create an account; `group`: create an account and join groups (shareable); `reset`: set a new password.");
export const InviteStateSchema = z
  .enum(["pending", "used", "expired", "revoked"])
  .describe("`pending` can still be redeemed; `used` has no uses left; `expired` is past its expiry; `revoked` was withdrawn.");

export const TokenHiddenSchema = z
  .enum(["list", "shown_once", "not_permitted", "unreadable"])
  .describe(
    "`list`: lists carry no secrets, read the one invite; `shown_once`: a reset invite's token is shown only in the answer that made it; " +
      "`not_permitted`: you could not make this invite now (making one needs `invites:manage`, and `groups:manage` when it joins groups); " +
      "`unreadable`: the secret key that sealed it was replaced.",
  );
export type TokenHidden = z.infer<typeof TokenHiddenSchema>;

export const RevokedReasonSchema = z
  .enum(["revoked", "inviter_deleted", "account_deleted", "void"])
  .describe(
    "`revoked`: withdrawn by an operator; `inviter_deleted`: its maker's account was deleted; `account_deleted`: the account a reset invite resets was deleted; " +
      "`void`: spent at redemption, because its maker could no longer give what it grants (deactivated, key revoked, a permission lost, or the account now outranks them).",
  );

/** What a reset invite lives by default, as Prosody does. */
export const DEFAULT_RESET_TTL_SECONDS = 24 * 3600;

export const InviteSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    numericId: z.number().int().positive().describe("A small integer id, unique, for the APIs that number invites (Pleroma)."),
    kind: InviteKindSchema,
    state: InviteStateSchema,
    token: z
      .string()
      .nullable()
      .describe(
        "The secret that redeems the invite. Shown in the answer that makes the invite, and afterwards only to a caller who could make it now, " +
          "one invite at a time (`GET /invites/{id}`, audited as `invite.token_read`); null otherwise, with the reason in `tokenHidden`.",
      ),
    link: z.string().nullable().describe("The public page where a person redeems the invite; null with the token."),
    tokenHidden: TokenHiddenSchema.nullable().describe("Why `token` and `link` are null; null when they are shown."),
    reusable: z.boolean().describe("Whether more than one person may redeem it (until `maxUses`, expiry or revocation)."),
    maxUses: z.number().int().nullable().describe("How many redemptions it allows in all; null for no limit (reusable) or 1."),
    uses: z.number().int().describe("How many times it was redeemed."),
    expiresAt: TimestampSchema.nullable().describe("When it stops working; null for valid until revoked."),
    revokedAt: TimestampSchema.nullable().describe("When it was revoked."),
    revokedReason: RevokedReasonSchema.nullable().describe("Why it was revoked; null while it is not."),
    inviter: z.object({ id: UuidSchema, username: z.string() }).nullable().describe("The user who made it, if any."),
    source: z.string().nullable().describe("Which tool made it and for whom, e.g. `admin_api/alice`."),
    email: z.string().nullable().describe("Address it was meant for, if any."),
    targetUsername: z
      .string()
      .nullable()
      .describe("For `register`: the only username it may create; for `reset`: the account whose password it resets (its username now)."),
    targetUserId: UuidSchema.nullable().describe("For `reset`: the id of the account it resets; null for other kinds, and once that account is deleted."),
    groups: z.array(z.object({ id: UuidSchema, name: z.string() })).describe("Groups a person who redeems it joins."),
    createdAt: TimestampSchema.describe("When it was made."),
  })
  .describe("An invitation: to register, to join groups, or to reset a password.");
export type Invite = z.infer<typeof InviteSchema>;

export const CreateInviteSchema = z
  .object({
    kind: InviteKindSchema,
    ttlSeconds: z
      .number()
      .int()
      .min(60)
      .max(INVITE_LIFETIME_CEILING_SECONDS)
      .nullable()
      .optional()
      .describe(
        "Seconds it stays valid, at most the settings' `invites.maxLifetimeSeconds` (a year unless changed: 422 `invalid_ttl`); null for valid until revoked (not `reset`). Default: the settings' `invites.resetLifetimeSeconds` for `reset` (24 hours), `invites.registerLifetimeSeconds` for `register` (7 days), until revoked for `group`.",
      ),
    expiresAt: TimestampSchema.optional().describe("Instead of `ttlSeconds`: when it stops working, in the future and within its longest life."),
    reusable: z.boolean().optional().describe("Let more than one person redeem it. Default: true for `group`, false otherwise; never for `reset`."),
    maxUses: z.number().int().min(1).max(100_000).optional().describe("Redemptions allowed in all (reusable invites); omit for no limit."),
    targetUsername: UsernameSchema.optional().describe("`register`: the only username it may create. `reset`: required, the account to reset."),
    groupIds: z.array(UuidSchema).max(50).optional().describe("Groups to join on redemption (`register`, `group`)."),
    newGroup: CreateGroupSchema.optional().describe("`group` only: make this group now and join it on redemption."),
    email: TextSchema.email().max(254).optional().describe("Address the invite is meant for."),
    source: TextSchema.max(200).optional().describe("Which tool made it; default `api/<your username, or your API key's name>`."),
  })
  .strict()
  .describe("A new invite.");
export type CreateInvite = z.infer<typeof CreateInviteSchema>;

export const ListInvitesQuerySchema = PageQuerySchema.extend({
  state: z.enum(["pending", "used", "expired", "revoked", "all"]).default("pending").describe("Which invites; default `pending`."),
  kind: InviteKindSchema.optional(),
}).strict();
export type ListInvitesQuery = z.infer<typeof ListInvitesQuerySchema>;

/** What anyone holding the link may learn about it: never who else is in it or who made it. */
export const InvitationSchema = z
  .object({
    kind: InviteKindSchema,
    siteName: z.string().describe("Name of the platform the invite is for."),
    username: z
      .string()
      .nullable()
      .describe("`reset`: the account whose password it resets; `register`: the only username it may create; null otherwise."),
    groups: z.array(z.object({ name: z.string() })).describe("Names of the groups one joins."),
    expiresAt: TimestampSchema.nullable().describe("When it stops working."),
    passwordMinLength: z.number().int().describe("The fewest characters the password chosen may have (the settings' `passwords.minLength`)."),
  })
  .describe("A pending invitation, as its holder sees it.");
export type Invitation = z.infer<typeof InvitationSchema>;

export const RedeemInvitationSchema = z
  .object({
    username: UsernameSchema.optional().describe("The new account's name (`register`, `group`); ignored for `reset`."),
    password: PasswordSchema,
    referer: TextSchema.max(500).optional().describe("Where the person came from (a campaign, a page), kept with the new account's registration facts."),
  })
  .strict();
export type RedeemInvitation = z.infer<typeof RedeemInvitationSchema>;

export const RedemptionSchema = z
  .object({
    outcome: z.enum(["account_created", "password_reset"]).describe("What redeeming did."),
    username: z.string().describe("The account created or reset."),
  })
  .describe("The result of redeeming an invitation.");
export type Redemption = z.infer<typeof RedemptionSchema>;

const InviteParams = z.object({ id: UuidSchema.describe("Invite id.") });
const TokenParams = z.object({ token: TextSchema.min(1).max(200).describe("The invite's token, from its link.") });
const notFound = { 404: ProblemSchema };

export const invitesContract = c.router(
  {
    listInvites: {
      method: "GET",
      path: "/invites",
      query: ListInvitesQuerySchema,
      responses: { 200: pageOf(InviteSchema), ...commonErrors },
      summary: "List invites",
      description: "Newest first; pending ones by default. Lists carry no tokens or links (`tokenHidden: list`): read one invite to see its link.",
      metadata: requires("invites:read"),
    },
    createInvite: {
      method: "POST",
      path: "/invites",
      body: CreateInviteSchema,
      responses: { 201: InviteSchema, ...commonErrors, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      summary: "Create an invite",
      description:
        "The answer carries the token and link; a `reset` invite's are never shown again. " +
        "Needs `invites:manage`; `groups:manage` too when it joins groups (`groupIds`, `newGroup`, or kind `group`); `users:update` too for a `reset` invite. " +
        "403 when you lack those, or for a `reset` invite on an account holding permissions you do not hold; " +
        "404 when a `reset` invite names no existing user or a group does not exist; " +
        "409 when a `register` invite names a username an account already has; 422 when fields do not fit the kind.",
      metadata: requires("invites:manage"),
    },
    getInvite: {
      method: "GET",
      path: "/invites/:id",
      pathParams: InviteParams,
      responses: { 200: InviteSchema, ...commonErrors, ...notFound },
      summary: "Get an invite",
      description:
        "Carries its token and link only if you could make this invite now (`invites:manage`, plus `groups:manage` when it joins groups); " +
        "that reading is audited (`invite.token_read`). A `reset` invite's token was shown once, when it was made.",
      metadata: requires("invites:read"),
    },
    revokeInvite: {
      method: "DELETE",
      path: "/invites/:id",
      pathParams: InviteParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound },
      summary: "Revoke an invite",
      description: "It stays listed with state `revoked`; revoking twice is harmless.",
      metadata: requires("invites:manage"),
    },
    getInvitation: {
      method: "GET",
      path: "/invitations/:token",
      pathParams: TokenParams,
      responses: { 200: InvitationSchema, ...inputErrors, 404: ProblemSchema, 410: ProblemSchema, 429: ProblemSchema },
      summary: "Read an invitation (public)",
      description:
        "No sign-in: the token is the credential. 404 for an unknown token; 410 when expired, used up or revoked, or void (as when redeeming, but nothing is spent). " +
        "Counts against the same per-address limit as redeeming (429).",
      metadata: { ...publicRoute, secretParams: ["token"] },
    },
    redeemInvitation: {
      method: "POST",
      path: "/invitations/:token",
      pathParams: TokenParams,
      body: RedeemInvitationSchema,
      responses: {
        200: RedemptionSchema,
        201: RedemptionSchema,
        ...inputErrors,
        403: ProblemSchema,
        404: ProblemSchema,
        409: ProblemSchema,
        410: ProblemSchema,
        422: ProblemSchema,
        429: ProblemSchema,
      },
      summary: "Redeem an invitation (public)",
      description:
        "Creates the account (201) or sets the new password (200; every session of the account ends). " +
        "400 when the body breaks the schema, as on every route; 422 `weak_password` or `common_password` when the password breaks the platform's policy (the settings' `passwords`); " +
        "403 `registration_closed` for an invite that makes an account while the settings close registration; " +
        "404 for an unknown token; 409 for a taken username; 410 when expired, used up or revoked, " +
        "or (`invite_void`, and the invite is spent) when its maker could no longer give what it grants: deactivated or deleted, a key revoked, a permission lost, " +
        "or, for a reset, the account deleted or now holding permissions its maker does not hold; " +
        "422 when the username does not fit the invite (missing, or not the one a `register` invite names). " +
        "Reads and redemptions count together against a limit per address (429).",
      metadata: { ...publicRoute, secretParams: ["token"] },
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
