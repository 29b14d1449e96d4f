import type { ChannelPermissionInput, SharedAccessToken } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ServiceError, conflict, notFound } from "../../kernel/errors.ts";
import { SEAL_CONTEXT } from "../../kernel/keyring.ts";
import type { Tx } from "../../kernel/mutate.ts";
import { isRowId } from "../own-space.ts";

/**
 * An account's access tokens: what the use cases beside this file share.
 * The secret of every token is kept as its SHA-256 (how a presented token
 * is found); an app's personal token is also kept sealed, bound to its
 * row, because the app is answered the same token on every request.
 */

/** Prefix of the secrets: tells an access token from a session or an API key at a glance. */
export const ACCESS_TOKEN_PREFIX = "sta_";

/** What the reads include of a shared token: its permissions with their channels. */
export const WITH_PERMISSIONS = {
  permissions: { include: { channel: { select: { name: true, trashedAt: true } } } },
} as const;

export interface SharedTokenRecord {
  id: string;
  name: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  permissions: { channelId: string; level: "read" | "contribute" | "manage"; channel: { name: string; trashedAt: Date | null } }[];
}

export function toSharedToken(row: SharedTokenRecord, now: Date): SharedAccessToken {
  return {
    id: row.id,
    name: row.name,
    permissions: row.permissions
      .map((p) => ({ channelId: p.channelId, channelName: p.channel.name, channelTrashed: p.channel.trashedAt !== null, level: p.level }))
      .sort((a, b) => (a.channelName < b.channelName ? -1 : a.channelName > b.channelName ? 1 : 0)),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    expired: row.expiresAt !== null && row.expiresAt <= now,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a shared token: never its secret. */
export const sharedTokenAuditView = (row: Pick<SharedTokenRecord, "name" | "expiresAt" | "permissions">) => ({
  name: row.name,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  permissions: row.permissions.map((p) => ({ channelId: p.channelId, level: p.level })),
});

export const accessTokenNotFound = () => notFound("Access token", "access_token_not_found");
export const tokenNameTaken = () => conflict("You have a shared token by that name already", "token_name_taken");

/** One of the account's shared tokens with its permissions; 404 `access_token_not_found` for any other id. */
export async function findOwnSharedToken(tx: Pick<Tx, "accessToken">, userId: string, tokenId: string): Promise<SharedTokenRecord> {
  const token = isRowId(tokenId) ? await tx.accessToken.findFirst({ where: { id: tokenId, userId, kind: "shared" }, include: WITH_PERMISSIONS }) : null;
  if (!token) throw accessTokenNotFound();
  return token;
}

/**
 * Permissions a token may be given: each channel once, and each one of the
 * account's own (trashed ones too: they grant again when restored).
 * 422 `duplicate_channel` / `unknown_channel` naming the entry.
 */
export async function assertOwnChannels(tx: Pick<Tx, "channel">, userId: string, permissions: ChannelPermissionInput[]): Promise<void> {
  const seen = new Set<string>();
  for (const [index, { channelId }] of permissions.entries()) {
    if (seen.has(channelId)) throw permissionProblem(index, "The same channel is named twice", "duplicate_channel");
    seen.add(channelId);
  }
  const ids = [...seen].filter(isRowId);
  const owned = new Set((await tx.channel.findMany({ where: { userId, id: { in: ids } }, select: { id: true } })).map((c) => c.id));
  const unknown = permissions.findIndex((p) => !owned.has(p.channelId));
  if (unknown >= 0) throw permissionProblem(unknown, `No channel of yours has the id ${permissions[unknown]!.channelId}`, "unknown_channel");
}

const permissionProblem = (index: number, message: string, reason: string) =>
  new ServiceError("unprocessable_entity", message, { reason, fields: [{ path: `body.permissions.${index}.channelId`, message, code: reason }] });

/** An expiry must be ahead of now (422 `expiry_in_past`); null or absent is never. */
export function expiryOf(ctx: Pick<ServiceContext, "clock">, expiresAt: string | null | undefined): Date | null | undefined {
  if (expiresAt === undefined || expiresAt === null) return expiresAt;
  const at = new Date(expiresAt);
  if (at <= ctx.clock.now()) {
    const message = "An expiry must be in the future";
    throw new ServiceError("unprocessable_entity", message, { reason: "expiry_in_past", fields: [{ path: "body.expiresAt", message, code: "expiry_in_past" }] });
  }
  return at;
}

/** The context an app token is sealed under: its own row only. */
const appTokenContext = (tokenId: string) => `${SEAL_CONTEXT.appToken}:${tokenId}`;

export const sealAppToken = (ctx: Pick<ServiceContext, "keyring">, tokenId: string, secret: string): string => ctx.keyring.seal(secret, appTokenContext(tokenId));

/** An app token's secret, or null when it cannot be opened (its key is gone, or the value was altered). */
export function openAppToken(ctx: Pick<ServiceContext, "keyring" | "log">, tokenId: string, sealed: string): string | null {
  try {
    return ctx.keyring.open(sealed, appTokenContext(tokenId));
  } catch (error) {
    ctx.log.warn("app token cannot be opened", { tokenId, reason: (error as Error).message });
    return null;
  }
}
