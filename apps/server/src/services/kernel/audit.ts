import { Prisma } from "@steward/db";
import type { ServiceContext } from "./context.ts";

type Tx = Pick<Prisma.TransactionClient, "auditEvent">;

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Records one change; call inside the transaction that made it. */
export async function recordAudit(tx: Tx, ctx: Pick<ServiceContext, "actor" | "meta">, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({ data: eventOf(ctx, entry) });
}

/** Records several events in one statement (e.g. each secret a read revealed); nothing for none. */
export async function recordAudits(tx: Tx, ctx: Pick<ServiceContext, "actor" | "meta">, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditEvent.createMany({ data: entries.map((entry) => eventOf(ctx, entry)) });
}

/**
 * The INSERT of one event as SQL, for a write made in a single statement
 * (a data-modifying CTE beside the change): it is recorded when `when`
 * holds, so only if the change was made.
 */
export function auditInsertSql(ctx: Pick<ServiceContext, "actor" | "meta">, entry: AuditEntry, when: Prisma.Sql): Prisma.Sql {
  const event = eventOf(ctx, entry);
  const text = (value: string | null | undefined) => Prisma.sql`${value ?? null}::text`;
  const json = (value: Prisma.InputJsonValue | undefined) => Prisma.sql`${value === undefined ? null : JSON.stringify(value)}::jsonb`;
  return Prisma.sql`
    INSERT INTO audit_events (actor_type, actor_id, actor_label, action, target_type, target_id, before, after, dialect, ip, request_id)
    SELECT ${text(event.actorType)}, ${text(event.actorId)}, ${text(event.actorLabel)}, ${text(event.action)}, ${text(event.targetType)},
      ${text(event.targetId)}, ${json(event.before)}, ${json(event.after)}, ${text(event.dialect)}, ${text(event.ip)}, ${text(event.requestId)}
    WHERE ${when}`;
}

function eventOf({ actor, meta }: Pick<ServiceContext, "actor" | "meta">, entry: AuditEntry) {
  return {
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    before: toJson(entry.before),
    after: toJson(entry.after),
    dialect: meta.dialect,
    ip: meta.ip,
    requestId: meta.requestId,
  };
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
