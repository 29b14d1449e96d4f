import { prismaSql } from "@steward/db";
import type { CreateInvite, FieldError, Invite, PlatformSettings } from "@steward/contracts";
import { createGroupIn } from "../groups/groups.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError } from "../kernel/errors.ts";
import { SEAL_CONTEXT } from "../kernel/keyring.ts";
import { mutate, type Tx } from "../kernel/mutate.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { TOKEN_PREFIX, hashToken, newSecret } from "../kernel/secrets.ts";
import { loadForWrite, type UserRef } from "../users/users.ts";
import { assertMayGrant, type InviteGrant } from "./invite-rights.ts";
import { auditView, withToken, type InviteKind } from "./invite-view.ts";
import { readInvite } from "./invites.ts";
import { readPlatformSettings } from "../settings/platform-settings.ts";

/** What each kind of invite takes, and what it is when the caller says nothing. */
interface KindRules {
  /** Seconds it lives by default (from the settings' invite lifetimes); null for valid until revoked. */
  ttlSeconds: (invites: PlatformSettings["invites"]) => number | null;
  reusable: boolean;
  /** Whether it may be made reusable at all. */
  mayBeReusable: boolean;
  /** Fields that mean nothing for the kind: given, they are refused (422). */
  foreign: readonly (keyof CreateInvite)[];
}

const KINDS = {
  register: { ttlSeconds: (invites) => invites.registerLifetimeSeconds, reusable: false, mayBeReusable: true, foreign: ["newGroup"] },
  group: { ttlSeconds: () => null, reusable: true, mayBeReusable: true, foreign: ["targetUsername"] },
  reset: { ttlSeconds: (invites) => invites.resetLifetimeSeconds, reusable: false, mayBeReusable: false, foreign: ["groupIds", "newGroup", "maxUses"] },
} as const satisfies Record<InviteKind, KindRules>;

/**
 * Makes an invite through the invites API: needs `invites:manage`, and
 * whatever the invite grants (invite-rights.ts). The answer carries the
 * token and link.
 */
export async function createInvite(ctx: ServiceContext, input: CreateInvite): Promise<Invite> {
  // What the invite grants is createInviteIn's to check, for every way an invite is made.
  assertNeeds(ctx.actor, ["invites:manage"], "Making an invite");
  return mutate(ctx, (tx) => createInviteIn(tx, ctx, input), { changesAccess: false });
}

/**
 * A reset link for one account, answered once with its token (Pleroma's
 * password_reset): needs what a reset grants (`users:update`) and rank on
 * the account, not the invites API's `invites:manage`.
 */
export async function createResetInvite(ctx: ServiceContext, user: UserRef, options: Pick<CreateInvite, "source"> = {}): Promise<Invite> {
  return mutate(ctx, (tx) => createInviteIn(tx, ctx, { kind: "reset", target: user, ...options }), { changesAccess: false });
}

/** What an invite is made from: the API's fields, or, from a use case that knows the account, a reset's account by id. */
export type InviteInput = CreateInvite | (Omit<CreateInvite, "targetUsername"> & { kind: "reset"; target: UserRef });

/**
 * Makes an invite inside the caller's transaction (the invites API, or a
 * write that makes one with something else: its mail, a new account).
 * Refuses a maker who does not hold what it grants (invite-rights.ts); a
 * reset invite names an account the maker may act on (rank), kept by id.
 * The token is random, kept as its hash (to redeem it) and, but for a
 * reset invite, sealed by the keyring (to show it again to whoever could
 * make it); never in clear, logged or audited. With `newGroup`, the group
 * is made in the same transaction. The answer carries the token: the one
 * time a reset invite's is shown.
 */
export async function createInviteIn(tx: Tx, ctx: ServiceContext, input: InviteInput): Promise<Invite> {
  const rules: KindRules = KINDS[input.kind];
  const reusable = input.reusable ?? rules.reusable;
  const now = ctx.clock.now();
  const { invites } = await readPlatformSettings({ db: tx, settings: ctx.settings });
  assertFitsKind(input, rules, reusable, now, invites.maxLifetimeSeconds);
  assertMayGrant(ctx.actor, grantOfInput(input));
  const token = newSecret(TOKEN_PREFIX.invite);
  const target = await checkTarget(tx, ctx, input);
  const groupIds = await existingGroups(tx, input.groupIds ?? []);
  if (input.newGroup) groupIds.push((await createGroupIn(tx, ctx, input.newGroup)).id);
  const { id } = await tx.invite.create({
    data: {
      kind: input.kind,
      tokenHash: hashToken(token),
      tokenCiphertext: input.kind === "reset" ? null : ctx.keyring.seal(token, SEAL_CONTEXT.inviteToken),
      reusable,
      maxUses: input.maxUses ?? null,
      expiresAt: expiryOf(input, rules.ttlSeconds(invites), now),
      inviterType: ctx.actor.type === "api_key" ? "api_key" : ctx.actor.type === "system" ? "system" : "user",
      inviterId: ctx.actor.userId,
      inviterApiKeyId: ctx.actor.type === "api_key" ? ctx.actor.id : null,
      source: input.source ?? `api/${ctx.actor.label ?? ctx.actor.type}`,
      email: input.email ?? null,
      targetUsername: target.username,
      targetUserId: target.userId,
      groupIds,
      createdAt: now,
    },
    select: { id: true },
  });
  const invite = await readInvite(prismaSql(tx), ctx, id);
  await recordAudit(tx, ctx, { action: "invite.create", targetType: "invite", targetId: id, after: auditView(invite) });
  return { ...invite, ...withToken(ctx, invite.kind, token), tokenHidden: null };
}

/** When an invite stops working: the time asked, else after the ttl asked or the kind's; null for until revoked. */
function expiryOf(input: InviteInput, kindTtlSeconds: number | null, now: Date): Date | null {
  if (input.expiresAt !== undefined) return new Date(input.expiresAt);
  const ttlSeconds = input.ttlSeconds === undefined ? kindTtlSeconds : input.ttlSeconds;
  return ttlSeconds === null ? null : new Date(now.getTime() + Math.round(ttlSeconds * 1000));
}

/**
 * Refuses (422, every misfit at once) fields that do not fit the kind, a
 * group invite with no group, and a life longer than the settings allow.
 */
function assertFitsKind(input: InviteInput, rules: KindRules, reusable: boolean, now: Date, maxLifetimeSeconds: number): void {
  const misfit = (field: string, message: string, code: string): FieldError => ({ path: `body.${field}`, message, code });
  const errors: FieldError[] = rules.foreign
    .filter((field) => (input as Partial<CreateInvite>)[field] !== undefined)
    .map((field) => misfit(field, `Not used by ${input.kind} invites`, "invalid_for_kind"));
  if (input.reusable && !rules.mayBeReusable) errors.push(misfit("reusable", `A ${input.kind} invite is never reusable`, "invalid_for_kind"));
  if (input.maxUses !== undefined && !reusable && rules.mayBeReusable) {
    errors.push(misfit("maxUses", "Only a reusable invite has a number of uses; a one-use invite is used once", "max_uses_requires_reusable"));
  }
  if (input.maxUses !== undefined && !(Number.isInteger(input.maxUses) && input.maxUses >= 1)) {
    errors.push(misfit("maxUses", "A whole number of uses, at least 1", "invalid_max_uses"));
  }
  // Any positive number of seconds: dialects may ask for less than the contract's minute.
  const ttl = input.ttlSeconds;
  if (ttl !== undefined && ttl !== null && !(Number.isFinite(ttl) && ttl > 0 && ttl <= maxLifetimeSeconds)) {
    errors.push(misfit("ttlSeconds", `Between 0 and ${maxLifetimeSeconds} seconds (the settings' invites.maxLifetimeSeconds); null for valid until revoked`, "invalid_ttl"));
  }
  if (input.expiresAt !== undefined) {
    const left = (new Date(input.expiresAt).getTime() - now.getTime()) / 1000;
    if (ttl !== undefined) errors.push(misfit("expiresAt", "Give ttlSeconds or expiresAt, not both", "ttl_and_expiry"));
    else if (!(left > 0 && left <= maxLifetimeSeconds)) {
      errors.push(misfit("expiresAt", `In the future, and at most ${maxLifetimeSeconds} seconds from now (the settings' invites.maxLifetimeSeconds)`, "invalid_expiry"));
    }
  }
  if (input.kind === "reset" && ttl === null) {
    errors.push(misfit("ttlSeconds", "A reset invite always expires", "endless_reset"));
  }
  if (input.kind === "reset" && !("target" in input) && input.targetUsername === undefined) {
    errors.push(misfit("targetUsername", "A reset invite names the account it resets", "target_username_required"));
  }
  if (input.kind === "group" && !input.groupIds?.length && !input.newGroup) {
    errors.push(misfit("groupIds", "A group invite needs groupIds, newGroup or both", "group_required"));
  }
  if (errors.length === 0) return;
  throw new ServiceError("unprocessable_entity", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { reason: errors[0]!.code, fields: errors });
}

/** What an invite about to be made grants (invite-rights.ts): its kind, and the groups it will join, the new one included. */
function grantOfInput(input: InviteInput): InviteGrant {
  return { kind: input.kind, groupCount: (input.groupIds?.length ?? 0) + (input.newGroup ? 1 : 0) };
}

/**
 * The account an invite names: `register` may only name a free username
 * (409); `reset` an existing account (404) the caller may act on (403),
 * kept by id and by its username as the account spells it.
 */
async function checkTarget(tx: Tx, ctx: ServiceContext, input: InviteInput): Promise<{ username: string | null; userId: string | null }> {
  if ("target" in input) {
    const { user } = await loadForWrite(tx, ctx, input.target);
    return { username: user.username, userId: user.id };
  }
  if (input.targetUsername === undefined) return { username: null, userId: null };
  // username is citext: equality ignores case.
  const user = await tx.user.findFirst({ where: { username: input.targetUsername }, select: { id: true } });
  if (input.kind === "register") {
    if (user) throw new ServiceError("conflict", "An account already has this username", { reason: "username_taken", fields: [taken("targetUsername")] });
    return { username: input.targetUsername, userId: null };
  }
  if (!user) {
    throw new ServiceError("not_found", "No account has this username", {
      reason: "user_not_found",
      fields: [{ path: "body.targetUsername", message: "No such account", code: "not_found" }],
    });
  }
  const { user: target } = await loadForWrite(tx, ctx, user.id);
  return { username: target.username, userId: target.id };
}

const taken = (field: string): FieldError => ({ path: `body.${field}`, message: "Already taken", code: "taken" });

/** The ids given, once each, in order; 404 naming every one that is no group. */
async function existingGroups(tx: Tx, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = new Set((await tx.group.findMany({ where: { id: { in: unique } }, select: { id: true } })).map((g) => g.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) {
    throw new ServiceError("not_found", `No such group: ${missing.join(", ")}`, {
      reason: "group_not_found",
      fields: missing.map((id) => ({ path: `body.groupIds.${ids.indexOf(id)}`, message: "No such group", code: "not_found" })),
    });
  }
  return unique;
}

