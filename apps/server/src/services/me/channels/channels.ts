import type { Channel } from "@steward/contracts";
import { ClientDataSchema, ColorSchema, clientDataProblem } from "@steward/contracts";
import type { Prisma } from "@steward/db";
import { ServiceError, conflict, notFound } from "../../kernel/errors.ts";
import type { Tx } from "../../kernel/mutate.ts";
import { isRowId } from "../own-space.ts";

/**
 * An account's channels (its named scopes; Pryv's activity channels). What
 * the use cases beside this file share: the view, the lookup that answers
 * 404 for anything not the account's own, the input rules.
 */

export interface ChannelRecord {
  id: string;
  name: string;
  color: string | null;
  clientData: Prisma.JsonValue;
  trashedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toChannel(row: ChannelRecord): Channel {
  return {
    id: row.id,
    name: row.name,
    color: row.color,
    clientData: (row.clientData ?? {}) as Record<string, unknown>,
    trashed: row.trashedAt !== null,
    trashedAt: row.trashedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a channel. */
export const channelAuditView = (channel: ChannelRecord) => ({
  name: channel.name,
  color: channel.color,
  clientData: channel.clientData,
  trashed: channel.trashedAt !== null,
});

export const channelNotFound = () => notFound("Channel", "channel_not_found");
export const channelNameTaken = () => conflict("You have a channel by that name already (it may be in the trash)", "channel_name_taken");

/** One of the account's channels, trashed or not; 404 `channel_not_found` for any other id. */
export async function findOwnChannel(tx: Pick<Tx, "channel">, userId: string, channelId: string): Promise<ChannelRecord> {
  const channel = isRowId(channelId) ? await tx.channel.findFirst({ where: { id: channelId, userId } }) : null;
  if (!channel) throw channelNotFound();
  return channel;
}

/** A name no other channel of the account has (409 `channel_name_taken`; the unique index settles a race). */
export async function assertChannelNameFree(tx: Pick<Tx, "channel">, userId: string, name: string, except?: string): Promise<void> {
  const clash = await tx.channel.findFirst({ where: { userId, name, ...(except ? { NOT: { id: except } } : {}) }, select: { id: true } });
  if (clash) throw channelNameTaken();
}

/**
 * The colour and client data rules, checked here as well as by the
 * contracts, so that every surface applies them (400 `invalid_channel`).
 */
export function assertChannelFields(fields: { color?: string | null; clientData?: unknown }): void {
  const problems: { path: string; message: string }[] = [];
  if (fields.color != null && !ColorSchema.safeParse(fields.color).success) problems.push({ path: "body.color", message: "A colour as #rrggbb" });
  if (fields.clientData !== undefined && !ClientDataSchema.safeParse(fields.clientData).success) {
    problems.push({ path: "body.clientData", message: clientDataProblem(fields.clientData) ?? "Must be a JSON object" });
  }
  if (problems.length === 0) return;
  throw new ServiceError("bad_request", `Invalid channel: ${problems.map((p) => p.message).join("; ")}`, {
    reason: "invalid_channel",
    fields: problems.map((p) => ({ ...p, code: "invalid_channel" })),
  });
}
