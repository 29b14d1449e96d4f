import type { Prisma } from "@steward/db";
import type { AuditEvent, Page } from "@steward/contracts";
import type { ServiceContext } from "./kernel/context.ts";
import { decodeCursor, keysetPage } from "./kernel/paging.ts";

export interface ListAuditEventsQuery {
  limit: number;
  cursor?: string;
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  dialect?: string;
  since?: string;
  until?: string;
}

/** Newest first; the id only grows, so it alone is the keyset. */
export async function listAuditEvents(ctx: ServiceContext, query: ListAuditEventsQuery): Promise<Page<AuditEvent>> {
  const where: Prisma.AuditEventWhereInput = {
    ...(query.action ? (query.action.endsWith(".") ? { action: { startsWith: query.action } } : { action: query.action }) : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.targetType ? { targetType: query.targetType } : {}),
    ...(query.targetId ? { targetId: query.targetId } : {}),
    ...(query.dialect ? { dialect: query.dialect } : {}),
    ...(query.since || query.until
      ? { at: { ...(query.since ? { gte: new Date(query.since) } : {}), ...(query.until ? { lt: new Date(query.until) } : {}) } }
      : {}),
  };
  let before: bigint | undefined;
  if (query.cursor) {
    const [id] = decodeCursor(query.cursor, "-id", ["int8"]);
    before = BigInt(id);
  }
  const [rows, total] = await Promise.all([
    ctx.db.auditEvent.findMany({
      where: before === undefined ? where : { AND: [where, { id: { lt: before } }] },
      orderBy: { id: "desc" },
      take: query.limit + 1,
    }),
    ctx.db.auditEvent.count({ where }),
  ]);
  return keysetPage(
    rows,
    { limit: query.limit, sort: "-id", total },
    (row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      actor: { type: row.actorType as AuditEvent["actor"]["type"], id: row.actorId, label: row.actorLabel },
      action: row.action,
      target: { type: row.targetType, id: row.targetId },
      before: row.before ?? null,
      after: row.after ?? null,
      dialect: row.dialect,
      ip: row.ip,
      requestId: row.requestId,
    }),
    (row) => [row.id.toString()],
  );
}
