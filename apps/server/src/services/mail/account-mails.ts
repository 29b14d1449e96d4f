/**
 * The mails about accounts that carry an invite's link: an invitation to
 * register, a password reset. Each is made with its invite in one
 * transaction (both, or neither); the mail worker sends them.
 */
import type { Invite, QueuedMail, SendInviteEmail } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import { mutate, type Tx } from "../kernel/mutate.ts";
import { createInviteIn } from "../invites/create-invite.ts";
import { queueMail, type MailKind } from "./outbox.ts";
import { plainName } from "./plain-name.ts";
import { readPlatformSettings } from "../settings/platform-settings.ts";
import { inviteMail, passwordResetMail, type MailContent } from "./templates.ts";

/**
 * Creates a `register` invite for an address and queues the mail carrying
 * its link, in one transaction: both exist, or neither.
 */
export async function sendInviteByEmail(ctx: ServiceContext, input: SendInviteEmail): Promise<QueuedMail> {
  const name = plainName(input.name);
  return inviteAndMail(ctx, "invite", async (tx) => {
    const invite = await createInviteIn(tx, ctx, { kind: "register", email: input.email });
    const content = inviteMail({ siteName: await siteNameIn(tx, ctx), link: linkOf(invite), name, expiresAt: expiry(invite) });
    return { invite, to: input.email, content };
  });
}

/**
 * Creates a `reset` invite (24 hours) for a user and queues the mail with
 * its link to the user's address. Needs what a reset grants (`users:update`,
 * invite-rights.ts). 404 for no such user, 403 when the user outranks the
 * caller (as for any write on the account), 422 `no_email` when the user
 * has no address.
 */
export async function sendPasswordReset(ctx: ServiceContext, userId: string): Promise<QueuedMail> {
  return inviteAndMail(ctx, "password_reset", async (tx) => {
    const invite = await createInviteIn(tx, ctx, { kind: "reset", target: userId });
    const { email, username } = await tx.user.findUniqueOrThrow({ where: { id: invite.targetUserId! }, select: { email: true, username: true } });
    if (!email) throw new ServiceError("unprocessable_entity", `${username} has no email address to send a reset link to`, { reason: "no_email" });
    const content = passwordResetMail({ siteName: await siteNameIn(tx, ctx), link: linkOf(invite), username, expiresAt: expiry(invite) });
    return { invite, to: email, content };
  });
}

/** The platform's name, as the settings say in this transaction. */
export async function siteNameIn(tx: Tx, ctx: ServiceContext): Promise<string> {
  return (await readPlatformSettings({ db: tx, settings: ctx.settings })).siteName;
}

/** Makes an invite and its mail (`make`) and queues the mail, in one transaction; then logs where it went. */
async function inviteAndMail(
  ctx: ServiceContext,
  kind: MailKind,
  make: (tx: Tx) => Promise<{ invite: Invite; to: string; content: MailContent }>,
): Promise<QueuedMail> {
  const queued = await mutate(ctx, async (tx) => {
    const { invite, to, content } = await make(tx);
    const { id } = await queueMail(tx, ctx, { ...content, to, kind, inviteId: invite.id });
    return { inviteId: invite.id, messageId: id };
  }, { changesAccess: false });
  logQueued(ctx, queued, kind);
  return queued;
}

/** The link a fresh invite shows: it was just sealed with the current key, so it opens. */
export function linkOf(invite: Invite): string {
  if (invite.link === null) throw new Error(`invite ${invite.id} was just made but its token does not open`);
  return invite.link;
}

export const expiry = (invite: Invite): Date | null => (invite.expiresAt === null ? null : new Date(invite.expiresAt));

/** Says where the mail went, never its body or link (they carry the token). */
export function logQueued(ctx: ServiceContext, queued: QueuedMail, kind: MailKind): void {
  const delivery = ctx.settings.mail.delivery;
  ctx.log.info(delivery === "outbox" ? "mail kept in the outbox (no SMTP_URL): list it with GET /api/v1/outbox" : "mail queued for sending", {
    messageId: queued.messageId,
    inviteId: queued.inviteId,
    kind,
    delivery,
  });
}
