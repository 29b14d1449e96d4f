import type { Prisma } from "@steward/db";
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
