import { recordAudits } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import type { Tx } from "../kernel/mutate.ts";
import { stateSql } from "./invite-view.ts";

/**
 * When a user is deleted (in that transaction, the user locked): the
 * pending invites they made are revoked (`inviter_deleted`), as their API
 * keys are, and so are the reset invites for their account
 * (`account_deleted`), each audited. Redemption would refuse them anyway
 * (invite-rights.ts); this says so in the list at once.
 */
export async function revokeInvitesWithUser(tx: Tx, ctx: ServiceContext, userId: string): Promise<void> {
  const now = ctx.clock.now();
  const revoked = await tx.$queryRaw<{ id: string; revoked_reason: string }[]>`
    UPDATE invites AS i
    SET revoked_at = ${now}, revoked_reason = CASE WHEN i.target_user_id = ${userId}::uuid THEN 'account_deleted' ELSE 'inviter_deleted' END
    WHERE (i.inviter_id = ${userId}::uuid OR i.target_user_id = ${userId}::uuid) AND ${stateSql("pending", now)}
    RETURNING i.id, i.revoked_reason`;
  await recordAudits(tx, ctx, revoked.map((invite) => ({
    action: "invite.revoke",
    targetType: "invite",
    targetId: invite.id,
    after: { revokedReason: invite.revoked_reason },
  })));
}
