import { Prisma } from "@steward/db";
import type { AttachedResource } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { conflict } from "../kernel/errors.ts";
import type { Tx } from "../kernel/mutate.ts";
import { iso } from "../kernel/sql.ts";

/**
 * What a user's attached resources (services/attached-resources.ts) share
 * with the user's own writes: their one representation and audit, and the
 * rule that a user is not deleted from under them. Here, not in
 * attached-resources.ts, since that module writes through loadForWrite
 * (users.ts) and users.ts needs this.
 */

/** The columns of `attached_resources r` the representation needs. */
export const RESOURCE_COLUMNS = Prisma.sql`r.id, r.user_id, r.kind, r.external_id, r.name, r.created_at`;

export interface ResourceRow {
  id: string;
  user_id: string;
  kind: string;
  external_id: string;
  name: string | null;
  created_at: Date | string;
}

export function toAttachedResource(row: ResourceRow): AttachedResource {
  return { id: row.id, userId: row.user_id, kind: row.kind, externalId: row.external_id, name: row.name, attachedAt: iso(row.created_at) };
}

/** One resource attached (`after`) or detached (`before`), audited on its user. */
export async function auditResource(
  tx: Tx,
  ctx: ServiceContext,
  action: "user.resource.attach" | "user.resource.detach",
  resource: AttachedResource,
): Promise<void> {
  await recordAudit(tx, ctx, {
    action,
    targetType: "user",
    targetId: resource.userId,
    ...(action === "user.resource.attach" ? { after: resource } : { before: resource }),
  });
}

/**
 * Before a user is deleted (the user locked by loadForWrite, so no resource
 * can be attached meanwhile: attaching locks it too): refuses while
 * resources are attached (409 `resources_attached`, saying how many), or,
 * with `detach`, detaches them all, each audited.
 */
export async function releaseResources(tx: Tx, ctx: ServiceContext, user: { id: string; username: string }, detach: boolean): Promise<void> {
  if (!detach) {
    const [row] = await tx.$queryRaw<{ attached: bigint | number }[]>`
      SELECT count(*) AS attached FROM attached_resources WHERE user_id = ${user.id}::uuid`;
    const attached = Number(row?.attached ?? 0);
    if (attached === 0) return;
    throw conflict(
      `${user.username} still has ${attached} resource${attached === 1 ? "" : "s"} attached; detach ${attached === 1 ? "it" : "them"} before deleting the user`,
      "resources_attached",
    );
  }
  const rows = await tx.$queryRaw<ResourceRow[]>`
    WITH r AS (DELETE FROM attached_resources WHERE user_id = ${user.id}::uuid RETURNING *)
    SELECT ${RESOURCE_COLUMNS} FROM r ORDER BY r.created_at, r.id`;
  for (const row of rows) await auditResource(tx, ctx, "user.resource.detach", toAttachedResource(row));
}
