import { Prisma } from "@steward/db";
import { WILDCARD_PERMISSION, type ApiKey, type Page } from "@steward/contracts";
import { decodeCursor, encodeCursor } from "../lib/cursor.ts";
import { recordAudit } from "./audit.ts";
import { changeAccess } from "./credential-cache.ts";
import type { ServiceContext } from "./context.ts";
import { forbidden, notFound, ServiceError } from "./errors.ts";
import { TOKEN_PREFIX, hashToken, newSecret } from "./secrets.ts";

const apiKeySelect = {
  id: true,
  name: true,
  prefix: true,
  permissions: true,
  expiresAt: true,
  lastUsedAt: true,
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
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface CreateApiKeyInput {
  name: string;
  permissions: string[];
  expiresAt?: string;
}

export async function createApiKey(ctx: ServiceContext, input: CreateApiKeyInput): Promise<ApiKey & { key: string }> {
  const held = ctx.actor.permissions;
  if (!held.includes(WILDCARD_PERMISSION)) {
    const beyond = input.permissions.filter((p) => !held.includes(p));
    if (beyond.length) throw forbidden(`A key cannot hold permissions you do not hold: ${beyond.join(", ")}`, "permission_not_held");
  }
  if (input.expiresAt && new Date(input.expiresAt) <= new Date()) {
    throw new ServiceError("unprocessable_entity", "expiresAt must be in the future", {
      reason: "expiry_in_past",
      fields: [{ path: "body.expiresAt", message: "Must be in the future", code: "in_the_past" }],
    });
  }
  const key = newSecret(TOKEN_PREFIX.apiKey);
  const created = await ctx.db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        name: input.name,
        prefix: key.slice(0, 12),
        keyHash: hashToken(key),
        permissions: [...new Set(input.permissions)].sort(),
        createdById: ctx.actor.userId,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      },
      select: apiKeySelect,
    });
    const view = toApiKey(row);
    await recordAudit(tx, ctx.actor, ctx.meta, { action: "api_key.create", targetType: "api_key", targetId: row.id, after: view });
    return view;
  });
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
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toApiKey),
    total,
    nextCursor: rows.length > query.limit && last ? encodeCursor({ s: sortKey, v: [last.createdAt.toISOString(), last.id] }) : null,
  };
}

export async function revokeApiKey(ctx: ServiceContext, id: string): Promise<void> {
  await changeAccess(ctx, async (tx) => {
    const row = await tx.apiKey.findUnique({ where: { id }, select: apiKeySelect });
    if (!row) throw notFound("API key");
    if (row.revokedAt) return;
    const revoked = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: apiKeySelect });
    await recordAudit(tx, ctx.actor, ctx.meta, {
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: id,
      before: toApiKey(row),
      after: toApiKey(revoked),
    });
  });
}
