import { Prisma } from "@steward/db";
import type { Invite } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { notFound } from "../kernel/errors.ts";
import { selectInvites } from "./invite-view.ts";
import { found, revealed, type InviteLookup } from "./invites.ts";

/**
 * One invite, with its token if the caller could make it now (audited as
 * `invite.token_read`; invite-rights.ts).
 */
export async function getInvite(ctx: ServiceContext, id: string, lookup: InviteLookup = {}): Promise<Invite> {
  const [row] = await selectInvites(ctx.sql, Prisma.sql`i.id = ${id}::uuid`);
  if (!row) throw notFound("Invite", "invite_not_found");
  const [invite] = await revealed(ctx, [row]);
  return found(invite!, lookup);
}
