import type { CreateUser } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { createInviteIn } from "../invites/create-invite.ts";
import { expiry, linkOf, logQueued, siteNameIn } from "../mail/account-mails.ts";
import { queueMail } from "../mail/outbox.ts";
import { accountSetupMail } from "../mail/templates.ts";
import type { UserRecord } from "./user-view.ts";
import { createUser, createUserIn } from "./create-user.ts";
import { writeUser } from "./users.ts";

/** How long the link to choose a first password lasts: longer than a reset's, the person did not ask for it. */
const SETUP_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Creates a user who has no password and mails them a link to choose one,
 * in one transaction: the user, the link and the mail exist together or not
 * at all (Pterodactyl's create without a password, where "manual input by
 * the account holder is required"). The link sets the account's password,
 * so the caller needs what a reset grants (`users:update`) too. With a
 * password, or with no address to write to, it is a plain createUser.
 */
export async function createUserWithSetupMail(ctx: ServiceContext, input: CreateUser): Promise<UserRecord> {
  const email = input.email;
  if (input.password || !email) return createUser(ctx, input);
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
