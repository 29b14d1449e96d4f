import { Prisma } from "@steward/db";
import { grants, type ListOutboxQuery, type OutboxMessage, type Page } from "@steward/contracts";
import { mayReadMailOf } from "../invites/invite-rights.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { conflict, notFound } from "../kernel/errors.ts";
import { SEAL_CONTEXT } from "../kernel/keyring.ts";
import { mutate, type Tx } from "../kernel/mutate.ts";
import { userPermissionsSql } from "../kernel/permissions.ts";
import { afterCursorSql, decodeCursor, keysetPage } from "../kernel/paging.ts";
import type { MailContent } from "./templates.ts";
import { and, iso, isoOrNull } from "../kernel/sql.ts";

export type MailKind = OutboxMessage["kind"];

/** A mail to queue: its content, who gets it, what it is for. */
export interface QueuedMessage extends MailContent {
  to: string;
  kind: MailKind;
  inviteId?: string | null;
}

/** An `outbox_messages` row as the list selects it (alias `m`). */
interface OutboxRow {
  id: string;
  kind: MailKind;
  to: string;
  subject: string;
  body_sealed: string;
  status: OutboxMessage["status"];
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
  invite_id: string | null;
}

/** What deciding who may read a message's body needs: the invite it carries, and a reset's account's permissions. */
interface CarriedInviteRow {
  invite_kind: "register" | "group" | "reset" | null;
  invite_groups: number | null;
  target_permissions: string[] | null;
}

const LIST_SORT = "-createdAt";
const LIST_COLUMNS = [Prisma.raw("m.created_at"), Prisma.raw("m.id")];

/** Seals a mail's bodies: they carry invite links, never kept in clear. */
export function sealBody(ctx: Pick<ServiceContext, "keyring">, content: Pick<MailContent, "text" | "html">): string {
  return ctx.keyring.seal(JSON.stringify({ text: content.text, html: content.html }), SEAL_CONTEXT.mailBody);
}

/** Opens what `sealBody` sealed; throws when the key is gone or the value was altered. */
export function openBody(ctx: Pick<ServiceContext, "keyring">, sealed: string): { text: string; html: string } {
  const { text, html } = JSON.parse(ctx.keyring.open(sealed, SEAL_CONTEXT.mailBody)) as { text: string; html: string };
  return { text, html };
}

/**
 * Queues a mail inside the caller's transaction: it is sent (by the mail
 * worker) only if the change that caused it commits. Due at once.
 */
export async function queueMail(tx: Tx, ctx: ServiceContext, message: QueuedMessage): Promise<{ id: string }> {
  const now = ctx.clock.now();
  const { id } = await tx.outboxMessage.create({
    data: {
      to: message.to,
      subject: message.subject,
      bodySealed: sealBody(ctx, message),
      kind: message.kind,
      inviteId: message.inviteId ?? null,
      nextAttemptAt: now,
      createdAt: now,
    },
    select: { id: true },
  });
  await recordAudit(tx, ctx, { action: "mail.queue", targetType: "outbox_message", targetId: id, after: { kind: message.kind, to: message.to, subject: message.subject } });
  return { id };
}

/**
 * Newest first, keyset-paged on (created_at, id), with an optional status
 * filter; `total` counts every match. Lists carry no bodies: they carry
 * invite links (getOutboxMessage).
 */
export async function listOutbox(ctx: ServiceContext, query: ListOutboxQuery): Promise<Page<OutboxMessage>> {
  const filters: Prisma.Sql[] = [];
  if (query.status) filters.push(Prisma.sql`m.status = ${query.status}::"OutboxStatus"`);
  const pageWhere = [...filters];
  if (query.cursor) {
    pageWhere.push(afterCursorSql(LIST_COLUMNS, ["timestamptz", "uuid"], decodeCursor(query.cursor, LIST_SORT, ["timestamp", "uuid"]), true));
  }
  const limit = query.limit;
  const [rows, [count]] = await Promise.all([
    selectMessages(ctx, and(pageWhere), limit + 1),
    ctx.sql.query<{ n: number | string | bigint }>(Prisma.sql`SELECT count(*) AS n FROM outbox_messages m WHERE ${and(filters)}`),
  ]);
  return keysetPage(rows, { limit, sort: LIST_SORT, total: Number(count?.n ?? 0) }, (row) => toMessage(row, { body: null, hidden: "list" }), (row) => [
    new Date(row.created_at).toISOString(),
    row.id,
  ]);
}

/**
 * One message, with its body for a caller holding `mail:manage` who could
 * make the invite it carries now (invite-rights.ts: a mail is as secret as
 * its link); each body shown is audited as `mail.body_read`.
 */
export async function getOutboxMessage(ctx: ServiceContext, id: string): Promise<OutboxMessage> {
  const [row] = await ctx.sql.query<OutboxRow & CarriedInviteRow>(Prisma.sql`
    SELECT ${MESSAGE_COLUMNS}, i.kind::text AS invite_kind, cardinality(i.group_ids) AS invite_groups,
      CASE WHEN i.target_user_id IS NULL THEN NULL ELSE ${userPermissionsSql(Prisma.sql`i.target_user_id`)} END AS target_permissions
    FROM outbox_messages m LEFT JOIN invites i ON i.id = m.invite_id
    WHERE m.id = ${id}::uuid`);
  if (!row) throw notFound("Outbox message", "message_not_found");
  const readable = grants(ctx.actor.permissions, "mail:manage") &&
    (row.invite_kind === null || mayReadMailOf(ctx.actor, { kind: row.invite_kind, groupCount: Number(row.invite_groups ?? 0) }, row.target_permissions));
  if (!readable) return toMessage(row, { body: null, hidden: "not_permitted" });
  const body = tryOpen(ctx, row.body_sealed);
  if (!body) return toMessage(row, { body: null, hidden: "unreadable" });
  await recordAudit(ctx.db, ctx, { action: "mail.body_read", targetType: "outbox_message", targetId: id, after: { kind: row.kind, inviteId: row.invite_id } });
  return toMessage(row, { body, hidden: null });
}

/** Puts a failed message back to pending, due at once, its attempts counted from zero; 409 `not_failed` otherwise. */
export async function retryMail(ctx: ServiceContext, id: string): Promise<OutboxMessage> {
  return mutate(ctx, async (tx) => {
    const [before] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM outbox_messages WHERE id = ${id}::uuid FOR UPDATE`;
    if (!before) throw notFound("Outbox message", "message_not_found");
    if (before.status !== "failed") throw conflict(`Only a failed message can be retried; this one is ${before.status}`, "not_failed");
    await tx.outboxMessage.update({ where: { id }, data: { status: "pending", attempts: 0, nextAttemptAt: ctx.clock.now() } });
    await recordAudit(tx, ctx, { action: "mail.retry", targetType: "outbox_message", targetId: id, before: { status: "failed" }, after: { status: "pending" } });
    const [row] = await selectMessages(ctx, Prisma.sql`m.id = ${id}::uuid`, 1, tx);
    return toMessage(row!, { body: null, hidden: "list" });
  }, { changesAccess: false });
}

async function selectMessages(ctx: ServiceContext, where: Prisma.Sql, limit: number, tx?: Tx): Promise<OutboxRow[]> {
  const query = Prisma.sql`
    SELECT ${MESSAGE_COLUMNS}
    FROM outbox_messages m
    WHERE ${where}
    ORDER BY m.created_at DESC, m.id DESC
    LIMIT ${limit}`;
  return tx ? tx.$queryRaw<OutboxRow[]>(query) : ctx.sql.query<OutboxRow>(query);
}

const MESSAGE_COLUMNS = Prisma.sql`m.id, m.kind, m.to, m.subject, m.body_sealed, m.status::text AS status, m.attempts, m.next_attempt_at,
      m.last_error, m.sent_at, m.created_at, m.invite_id`;

function toMessage(row: OutboxRow, shown: Pick<OutboxMessage, "body"> & { hidden: OutboxMessage["bodyHidden"] }): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind,
    to: row.to,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: isoOrNull(row.next_attempt_at),
    lastError: row.last_error,
    sentAt: isoOrNull(row.sent_at),
    createdAt: iso(row.created_at),
    inviteId: row.invite_id,
    body: shown.body,
    bodyHidden: shown.hidden,
  };
}

function tryOpen(ctx: ServiceContext, sealed: string): { text: string; html: string } | null {
  try {
    return openBody(ctx, sealed);
  } catch {
    return null;
  }
}

