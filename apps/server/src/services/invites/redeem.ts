import { Prisma, prismaSql } from "@steward/db";
import { UsernameSchema, type Invitation, type RedeemInvitation, type Redemption } from "@steward/contracts";
import { addGroupMembersIn } from "../groups/members.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError, notFound } from "../kernel/errors.ts";
import { bumpVersions, mutate, type Tx } from "../kernel/mutate.ts";
import { countPublicAttempt } from "../kernel/public-limit.ts";
import { hashNewPassword } from "../settings/password-policy.ts";
import { assertRegistrationOpen } from "../settings/registration.ts";
import { readPlatformSettings } from "../settings/platform-settings.ts";
import { hashToken } from "../kernel/secrets.ts";
import { revokeSessionsOf } from "../users/users.ts";
import { selectUserById } from "../users/user-view.ts";
import { groupsOf, grantOf, inviteState, selectInvites, stateSql, type InviteKind, type InviteRow, type InviteState } from "./invite-view.ts";
import { voidCause, type VoidCause } from "./invite-rights.ts";
import { isoOrNull } from "../kernel/sql.ts";

/**
 * The public side of invites: whoever holds the token may read what it is
 * for and redeem it, without signing in (`ctx.actor` is anonymous). Every
 * read and redemption counts against a limit per address, so tokens cannot
 * be guessed at speed.
 */

const GONE: Record<Exclude<InviteState, "pending">, { reason: string; message: string }> = {
  revoked: { reason: "invite_revoked", message: "This invitation was revoked" },
  used: { reason: "invite_used", message: "This invitation has been used up" },
  expired: { reason: "invite_expired", message: "This invitation has expired" },
};

/**
 * At redemption, an invite whose maker can no longer give what it grants
 * (invite-rights.ts) is spent and answers this; its holder learns only
 * that it no longer works, operators read why (`revokedReason`, the audit log).
 */
const VOID = { reason: "invite_void", message: "This invitation no longer works: whoever made it can no longer give what it grants. Ask for a new one." };
const voided = () => new ServiceError("gone", VOID.message, { reason: VOID.reason });

/**
 * What the holder of a pending invitation may learn: its kind, the site,
 * the username it is for, group names and expiry. An invite that redeeming
 * would find void answers 410 here too (and stays as it is).
 */
export async function describeInvitation(ctx: ServiceContext, token: string): Promise<Invitation> {
  const invite = await findRedeemable(ctx, token);
  if (await voidCause(ctx.sql, { ...invite, ...grantOf(invite) }, ctx.clock.now())) throw voided();
  const { siteName, passwords } = await readPlatformSettings(ctx);
  return {
    kind: invite.kind,
    siteName,
    username: invite.target_username,
    groups: groupsOf(invite).map((group) => ({ name: group.name })),
    expiresAt: isoOrNull(invite.expires_at),
    passwordMinLength: passwords.minLength,
  };
}

/**
 * Redeems an invitation: `register` and `group` create an account (and join
 * the invite's groups; through a `group` invite, everyone who joined by it
 * follows everyone else who did), `reset` sets the account's new password
 * and ends all its sessions. The use is counted in the same transaction as
 * the work, by one conditional UPDATE: of two redemptions of a one-use
 * invite at the same moment, exactly one goes through.
 *
 * First, in that transaction, what it grants is checked again against its
 * maker as they are now (invite-rights.ts), with the maker's row and a
 * reset's account locked, so no role change or deletion slips between the
 * check and the write. An invite that fails it is spent (revoked, audited
 * as `invite.void` with the cause), nothing else is written, and the
 * answer is 410 `invite_void`.
 */
export async function redeemInvitation(ctx: ServiceContext, token: string, input: RedeemInvitation): Promise<Redemption> {
  const invite = await findRedeemable(ctx, token);
  const redeemer = REDEEMERS[invite.kind];
  const username = redeemer.username(invite, input);
  if (redeemer.createsAccount) await assertRegistrationOpen(ctx);
  const passwordHash = await hashNewPassword(ctx, input.password);
  const outcome = await mutate(ctx, async (tx): Promise<{ redemption: Redemption } | { voided: VoidCause }> => {
    const now = ctx.clock.now();
    await lockParties(tx, invite);
    const cause = await voidCause(prismaSql(tx), { ...invite, ...grantOf(invite) }, now);
    if (cause) {
      await spend(tx, ctx, invite, cause, now);
      return { voided: cause };
    }
    const uses = await countUse(tx, invite.id, now);
    const redemption = await redeemer.redeem(tx, ctx, invite, { username, passwordHash, referer: input.referer ?? null });
    await recordAudit(tx, ctx, { action: "invite.redeem", targetType: "invite", targetId: invite.id, after: { ...redemption, uses } });
    return { redemption };
  }, {
    changesAccess: redeemer.changesAccess,
    onUniqueClash: () => usernameTaken(),
  });
  if ("voided" in outcome) throw voided();
  return outcome.redemption;
}

/**
 * Locks the maker's row (against role changes and deletion, which lock it
 * for update) and a reset's account (written next), users before the
 * invite as a user's deletion does.
 */
async function lockParties(tx: Tx, invite: InviteRow): Promise<void> {
  if (invite.inviter_id !== null) await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${invite.inviter_id}::uuid FOR KEY SHARE`;
  if (invite.target_user_id !== null) await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${invite.target_user_id}::uuid FOR UPDATE`;
}

/** Revokes a void invite (if still pending; else the 410 says what it is now) and records why. */
async function spend(tx: Tx, ctx: ServiceContext, invite: InviteRow, cause: VoidCause, now: Date): Promise<void> {
  const reason = cause === "account_deleted" ? "account_deleted" : "void";
  const [spent] = await tx.$queryRaw<{ id: string }[]>`
    UPDATE invites AS i SET revoked_at = ${now}, revoked_reason = ${reason}
    WHERE i.id = ${invite.id}::uuid AND ${stateSql("pending", now)} RETURNING i.id`;
  if (!spent) await assertStillRedeemable(tx, invite.id, now);
  await recordAudit(tx, ctx, { action: "invite.void", targetType: "invite", targetId: invite.id, after: { cause, revokedReason: reason } });
}

// ---------------------------------------------------------------- by kind

interface Redeemer {
  /** The username the account is created with (422 when it does not fit the invite); null when none is created. */
  username(invite: InviteRow, input: RedeemInvitation): string | null;
  redeem(tx: Tx, ctx: ServiceContext, invite: InviteRow, account: { username: string | null; passwordHash: string; referer: string | null }): Promise<Redemption>;
  /** Whether redeeming can change what existing credentials may do (a reset ends sessions). */
  changesAccess: boolean;
  /** Whether it makes a new account: the registration policy decides whether it may. */
  createsAccount: boolean;
}

const newAccount = (followEachOther: boolean): Redeemer => ({
  username: chosenUsername,
  redeem: (tx, ctx, invite, account) => createAccount(tx, ctx, invite, { ...account, username: account.username! }, followEachOther),
  changesAccess: false,
  createsAccount: true,
});

const REDEEMERS: Record<InviteKind, Redeemer> = {
  register: newAccount(false),
  // Prosody's group invites make everyone who joined by one contacts of each other.
  group: newAccount(true),
  reset: { username: () => null, redeem: resetPassword, changesAccess: true, createsAccount: false },
};

/** The username asked for: required, well-formed, and the one a `register` invite names if it names one. */
function chosenUsername(invite: InviteRow, input: RedeemInvitation): string {
  const username = input.username;
  if (username === undefined) throw unprocessable("username", "Choose a username", "username_required");
  // A dialect hands its own input over: the contract's rule is checked here too.
  if (!UsernameSchema.safeParse(username).success) throw unprocessable("username", "Use letters, digits, dot, dash and underscore", "invalid_username");
  if (invite.target_username !== null && username.toLowerCase() !== invite.target_username.toLowerCase()) {
    throw unprocessable("username", `This invitation is for the username ${invite.target_username}`, "username_mismatch");
  }
  return username;
}

async function createAccount(
  tx: Tx,
  ctx: ServiceContext,
  invite: InviteRow,
  account: { username: string; passwordHash: string; referer: string | null },
  followEachOther: boolean,
): Promise<Redemption> {
  if (await tx.user.findFirst({ where: { username: account.username }, select: { id: true } })) throw usernameTaken();
  const { id } = await tx.user.create({
    // The registration facts operators read: the invite (by id), where the person came from, this server.
    data: {
      username: account.username,
      passwordHash: account.passwordHash,
      registrationInviteId: invite.id,
      registrationReferer: account.referer,
      registrationServer: ctx.settings.publicUrl,
    },
    select: { id: true },
  });
  await addGroupMembersIn(tx, ctx, groupsOf(invite).map((group) => group.id), id);
  if (followEachOther) await followEarlierJoiners(tx, invite.id, id);
  const created = await selectUserById(prismaSql(tx), id);
  await recordAudit(tx, ctx, { action: "user.create", targetType: "user", targetId: id, after: created!.user });
  return { outcome: "account_created", username: created!.user.username };
}

/** Sets the password of the account the invite names by id (locked by lockParties, and checked to exist by voidCause). */
async function resetPassword(tx: Tx, ctx: ServiceContext, invite: InviteRow, account: { passwordHash: string }): Promise<Redemption> {
  const [user] = await tx.$queryRaw<{ id: string; username: string }[]>`
    SELECT id, username::text AS username FROM users WHERE id = ${invite.target_user_id}::uuid`;
  if (!user) throw voided();
  await tx.user.update({ where: { id: user.id }, data: { passwordHash: account.passwordHash } });
  const sessionsEnded = await revokeSessionsOf(tx, ctx, user.id);
  await bumpVersions(tx, "users", [user.id]);
  await recordAudit(tx, ctx, { action: "user.password_reset", targetType: "user", targetId: user.id, after: { username: user.username, sessionsEnded } });
  return { outcome: "password_reset", username: user.username };
}

/** Both directions between the new account and every earlier one that joined through the same invite. */
async function followEarlierJoiners(tx: Tx, inviteId: string, userId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO follows (follower_id, followed_id)
    SELECT pair.follower_id, pair.followed_id FROM users u
      CROSS JOIN LATERAL (VALUES (${userId}::uuid, u.id), (u.id, ${userId}::uuid)) AS pair (follower_id, followed_id)
    WHERE u.registration_invite_id = ${inviteId}::uuid AND u.id <> ${userId}::uuid
    ON CONFLICT DO NOTHING`;
}

// ---------------------------------------------------------------- shared

/** Counts the attempt against the address, then finds the invite by its token: 404 unknown, 410 no longer redeemable. */
async function findRedeemable(ctx: ServiceContext, token: string): Promise<InviteRow> {
  await countAttempt(ctx);
  const [invite] = await selectInvites(ctx.sql, Prisma.sql`i.token_hash = ${hashToken(token)}`);
  if (!invite) throw notFound("Invitation", "invite_not_found");
  assertRedeemable(invite, ctx.clock.now());
  return invite;
}

function countAttempt(ctx: ServiceContext): Promise<void> {
  return countPublicAttempt(ctx, { message: "Too many invitation attempts from your address; try again later", reason: "redeem_rate_limited" });
}

function assertRedeemable(invite: InviteRow, now: Date): void {
  const state = inviteState(invite, now);
  if (state === "pending") return;
  throw new ServiceError("gone", GONE[state].message, { reason: GONE[state].reason });
}

/**
 * Takes one use, if one is left: the row lock makes concurrent redemptions
 * take turns, and each sees the count the one before it committed. None
 * left (or revoked, expired meanwhile): the 410 says which.
 */
async function countUse(tx: Tx, inviteId: string, now: Date): Promise<number> {
  const [counted] = await tx.$queryRaw<{ uses: number }[]>`
    UPDATE invites AS i SET uses = i.uses + 1 WHERE i.id = ${inviteId}::uuid AND ${stateSql("pending", now)} RETURNING i.uses`;
  if (counted) return Number(counted.uses);
  return assertStillRedeemable(tx, inviteId, now);
}

/** After a conditional UPDATE found the invite no longer pending: the 410 that says what it is now. */
async function assertStillRedeemable(tx: Tx, inviteId: string, now: Date): Promise<never> {
  const [current] = await selectInvites(prismaSql(tx), Prisma.sql`i.id = ${inviteId}::uuid`);
  if (!current) throw notFound("Invitation", "invite_not_found");
  assertRedeemable(current, now);
  throw new ServiceError("gone", GONE.used.message, { reason: GONE.used.reason });
}

const usernameTaken = () =>
  new ServiceError("conflict", "An account already has this username", {
    reason: "username_taken",
    fields: [{ path: "body.username", message: "Already taken", code: "taken" }],
  });

function unprocessable(field: string, message: string, reason: string): ServiceError {
  return new ServiceError("unprocessable_entity", message, { reason, fields: [{ path: `body.${field}`, message, code: reason }] });
}
