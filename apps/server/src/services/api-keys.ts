import type { Prisma } from "@steward/db";
import type { ApiKey, Page } from "@steward/contracts";
import { recordAudit } from "./kernel/audit.ts";
import type { ServiceContext } from "./kernel/context.ts";
import { forbidden, notFound, ServiceError } from "./kernel/errors.ts";
import { mutate } from "./kernel/mutate.ts";
import { decodeCursor, keysetPage } from "./kernel/paging.ts";
import { assertHolds } from "./kernel/permissions.ts";
import { TOKEN_PREFIX, hashToken, newSecret } from "./kernel/secrets.ts";

const apiKeySelect = {
  id: true,
  name: true,
  prefix: true,
  permissions: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
  createdAt: true,
  createdBy: { select: { id: true, username: true } },
} satisfies Prisma.ApiKeySelect;
type ApiKeyRow = Prisma.ApiKeyGetPayload<{ select: typeof apiKeySelect }>;

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: row.lastUsedIp,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface CreateApiKeyInput {
  name: string;
  permissions: string[];
  expiresAt?: string;
}

/**
 * A key never outranks or outlives what made it: its permissions are within
 * the caller's, its creator is the caller's user (so the key is cut down
 * with them, see authenticate.ts), and a key made with an expiring key
 * expires no later than that key and is revoked with it.
 */
export async function createApiKey(ctx: ServiceContext, input: CreateApiKeyInput): Promise<ApiKey & { key: string }> {
  assertHolds(ctx.actor, input.permissions, (lacking) => ({
    message: `A key cannot hold permissions you do not hold: ${lacking.join(", ")}`,
    reason: "permission_not_held",
  }));
  const ownerId = ctx.actor.userId;
  if (!ownerId) throw forbidden("An API key needs a user to belong to; sign in as one", "no_key_owner");
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= ctx.clock.now()) {
    throw new ServiceError("unprocessable_entity", "expiresAt must be in the future", {
      reason: "expiry_in_past",
      fields: [{ path: "body.expiresAt", message: "Must be in the future", code: "in_the_past" }],
    });
  }
  const parentKeyId = ctx.actor.type === "api_key" ? ctx.actor.id : null;
  const key = newSecret(TOKEN_PREFIX.apiKey);
  const created = await mutate(ctx, async (tx) => {
    if (parentKeyId) {
      const parent = await tx.apiKey.findUnique({ where: { id: parentKeyId }, select: { expiresAt: true } });
      if (parent?.expiresAt && (!expiresAt || expiresAt > parent.expiresAt)) {
        throw forbidden(
          `A key made with this key must expire no later than it does (${parent.expiresAt.toISOString()}); set expiresAt`,
          "key_outlives_parent",
        );
      }
    }
    const row = await tx.apiKey.create({
      data: {
        name: input.name,
        prefix: key.slice(0, 12),
        keyHash: hashToken(key),
        permissions: [...new Set(input.permissions)].sort(),
        createdById: ownerId,
        parentKeyId,
        expiresAt,
      },
      select: apiKeySelect,
    });
    const view = toApiKey(row);
    await recordAudit(tx, ctx, { action: "api_key.create", targetType: "api_key", targetId: row.id, after: view });
    return view;
  }, { changesAccess: false });
  return { ...created, key };
}

export async function getApiKey(ctx: ServiceContext, id: string): Promise<ApiKey> {
  const row = await ctx.db.apiKey.findUnique({ where: { id }, select: apiKeySelect });
  if (!row) throw notFound("API key");
  return toApiKey(row);
}

export async function listApiKeys(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; includeRevoked?: boolean },
): Promise<Page<ApiKey>> {
  const where: Prisma.ApiKeyWhereInput = query.includeRevoked ? {} : { revokedAt: null };
  const sortKey = "-createdAt";
  let keyset: Prisma.ApiKeyWhereInput = {};
  if (query.cursor) {
    const [createdAt, id] = decodeCursor(query.cursor, sortKey, ["timestamp", "uuid"]);
    const at = new Date(createdAt);
    keyset = { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] };
  }
  const [rows, total] = await Promise.all([
    ctx.db.apiKey.findMany({
      where: { AND: [where, keyset] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
      select: apiKeySelect,
    }),
    ctx.db.apiKey.count({ where }),
  ]);
  return keysetPage(rows, { limit: query.limit, sort: sortKey, total }, toApiKey, (row) => [row.createdAt.toISOString(), row.id]);
}

/** Revokes a key, and with it every key made with it (and with those, and so on). */
export async function revokeApiKey(ctx: ServiceContext, id: string): Promise<void> {
  await mutate(ctx, async (tx) => {
    const row = await tx.apiKey.findUnique({ where: { id }, select: apiKeySelect });
    if (!row) throw notFound("API key");
    const lineage = await tx.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE lineage AS (
        SELECT id FROM api_keys WHERE id = ${id}::uuid
        UNION SELECT k.id FROM api_keys k JOIN lineage l ON k.parent_key_id = l.id)
      SELECT id FROM lineage`;
    const rows = await tx.apiKey.findMany({ where: { id: { in: lineage.map((k) => k.id) }, revokedAt: null }, select: apiKeySelect });
    const now = ctx.clock.now();
    for (const before of rows) {
      const revoked = await tx.apiKey.update({ where: { id: before.id }, data: { revokedAt: now }, select: apiKeySelect });
      await recordAudit(tx, ctx, {
        action: "api_key.revoke",
        targetType: "api_key",
        targetId: before.id,
        before: toApiKey(before),
        after: { ...toApiKey(revoked), ...(before.id === id ? {} : { revokedWith: id }) },
      });
    }
  }, { changesAccess: true });
}
