import { Prisma, type SqlClient } from "@steward/db";
import type { Invite } from "@steward/contracts";
import { recordAudits } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { notFound } from "../kernel/errors.ts";
import { selectInvites, toInvite, type InviteRow } from "./invite-view.ts";

/**
 * What the invites' use cases share (each is a file of its own beside
 * this one): reading one invite, and revealing tokens to whoever could
 * make the invite now (invite-rights.ts).
 */

export interface InviteLookup {
  /**
   * Only a pending invite counts as found: the others answer 404, as in
   * APIs where a used, expired or deleted invite no longer exists (Prosody).
   */
  pendingOnly?: boolean;
}

/** Invites with the tokens the caller may read (invite-rights.ts), each one shown recorded as `invite.token_read`. */
export async function revealed(ctx: ServiceContext, rows: InviteRow[], now = ctx.clock.now()): Promise<Invite[]> {
  const invites = rows.map((row) => toInvite(ctx, row, { now, revealTo: ctx.actor }));
  const read = invites.filter((invite) => invite.token !== null);
  await recordAudits(ctx.db, ctx, read.map((invite) => ({ action: "invite.token_read", targetType: "invite", targetId: invite.id })));
  return invites;
}

export function found(invite: Invite, lookup: InviteLookup): Invite {
  if (lookup.pendingOnly && invite.state !== "pending") throw notFound("Invite", "invite_not_found");
  return invite;
}

/** An invite without its token. */
export async function readInvite(sql: SqlClient, ctx: ServiceContext, id: string): Promise<Invite> {
  const [row] = await selectInvites(sql, Prisma.sql`i.id = ${id}::uuid`);
  if (!row) throw notFound("Invite", "invite_not_found");
  return toInvite(ctx, row);
}
