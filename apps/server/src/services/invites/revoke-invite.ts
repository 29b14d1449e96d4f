import { prismaSql } from "@steward/db";
import type { Invite } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { notFound } from "../kernel/errors.ts";
import { mutate } from "../kernel/mutate.ts";
import { hashToken } from "../kernel/secrets.ts";
import { auditView, withToken } from "./invite-view.ts";
import { found, readInvite, type InviteLookup } from "./invites.ts";

/**
 * Withdraws an invite; it stays listed as `revoked`. Revoking a revoked
 * invite changes nothing. Answers the invite as it is now, without its token.
 */
export async function revokeInvite(ctx: ServiceContext, id: string, lookup: InviteLookup = {}): Promise<Invite> {
  return mutate(ctx, async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM invites WHERE id = ${id}::uuid FOR UPDATE`;
    const sql = prismaSql(tx);
    const before = found(await readInvite(sql, ctx, id), lookup);
    if (before.revokedAt !== null) return before;
    await tx.invite.update({ where: { id }, data: { revokedAt: ctx.clock.now(), revokedReason: "revoked" } });
    const after = await readInvite(sql, ctx, id);
    await recordAudit(tx, ctx, { action: "invite.revoke", targetType: "invite", targetId: id, before: auditView(before), after: auditView(after) });
    return after;
  }, { changesAccess: false });
}

/**
 * `revokeInvite` for the invite a token belongs to (Pleroma names invites
 * by their token); 404 for a token no invite has. The answer carries the
 * token the caller gave.
 */
export async function revokeInviteByToken(ctx: ServiceContext, token: string): Promise<Invite> {
  const invite = await ctx.db.invite.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true } });
  if (!invite) throw notFound("Invite", "invite_not_found");
  const revoked = await revokeInvite(ctx, invite.id);
  return { ...revoked, ...withToken(ctx, revoked.kind, token), tokenHidden: null };
}
