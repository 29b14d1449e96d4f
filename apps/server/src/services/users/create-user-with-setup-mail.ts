import type { CreateUser } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { createInviteIn } from "../invites/create-invite.ts";
import { expiry, linkOf, logQueued, siteNameIn } from "../mail/account-mails.ts";
import { queueMail } from "../mail/outbox.ts";
import { accountSetupMail } from "../mail/templates.ts";
import type { UserRecord } from "./user-view.ts";
import { assertMayCreateUser, createUser, createUserIn } from "./create-user.ts";
import { writeUser } from "./users.ts";

/** How long the link to choose a first password lasts: longer than a reset's, the person did not ask for it. */
const SETUP_TTL_SECONDS = 7 * 24 * 3600;

/** `/api/v1`'s create: a setup link when `sendSetupLink` asks for one, else a plain create. */
export async function createUserAsAsked(ctx: ServiceContext, input: CreateUser): Promise<UserRecord> {
  return input.sendSetupLink ? createUserWithSetupLink(ctx, input) : createUser(ctx, input);
}

/**
 * Creates a user only if a password is set or there is no address to write to,
 * else with a setup link (Pterodactyl's create without a password, where
 * "manual input by the account holder is required").
 */
export async function createUserWithSetupMail(ctx: ServiceContext, input: CreateUser): Promise<UserRecord> {
  return input.password || !input.email ? createUser(ctx, input) : createUserWithSetupLink(ctx, input);
}

/**
 * Creates a user who has no password and mails them a link to choose one,
 * in one transaction: the user, the link and the mail exist together or not
 * at all. The link sets the account's password, so the caller needs what a
 * reset grants (`users:update`) too; refused before anything is written.
 */
export async function createUserWithSetupLink(ctx: ServiceContext, input: CreateUser): Promise<UserRecord> {
  const email = input.email;
  assertMayCreateUser(ctx, input);
  assertNeeds(ctx.actor, ["users:update"], "Mailing a new user a setup link");
  if (input.password) throw setupLinkProblem("password", "A new user gets a password or a setup link, not both", "setup_link_with_password");
  if (!email) throw setupLinkProblem("email", "The setup link is mailed: give the new user an email address", "setup_link_needs_email");
  const { record, queued } = await writeUser(ctx, async (tx) => {
    const record = await createUserIn(tx, ctx, input, null);
    const invite = await createInviteIn(tx, ctx, { kind: "reset", target: record.user.id, ttlSeconds: SETUP_TTL_SECONDS });
    const content = accountSetupMail({ siteName: await siteNameIn(tx, ctx), link: linkOf(invite), username: record.user.username, expiresAt: expiry(invite) });
    const { id } = await queueMail(tx, ctx, { ...content, to: email, kind: "account_setup", inviteId: invite.id });
    return { record, queued: { inviteId: invite.id, messageId: id } };
  }, { changesAccess: false });
  logQueued(ctx, queued, "account_setup");
  return record;
}

function setupLinkProblem(field: "email" | "password", message: string, reason: string): ServiceError {
  return new ServiceError("unprocessable_entity", message, { reason, fields: [{ path: `body.${field}`, message, code: reason }] });
}
