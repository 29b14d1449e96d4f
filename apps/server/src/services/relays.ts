import { randomUUID } from "node:crypto";
import { normalizeRelayUrl, relayUrlProblem, type Relay } from "@steward/contracts";
import { recordAudit } from "./kernel/audit.ts";
import type { ServiceContext } from "./kernel/context.ts";
import { notFound, ServiceError } from "./kernel/errors.ts";
import { mutate, type Tx } from "./kernel/mutate.ts";

/**
 * The relays the platform follows (Pleroma's admin API follows and
 * unfollows them by URL). URLs are kept normalised (normalizeRelayUrl), so
 * the unique index on `url` sees two spellings of one relay as the same.
 * Relays grant nothing: no write changes access.
 */
const NO_ACCESS_CHANGE = { changesAccess: false } as const;

const relaySelect = { id: true, url: true, followedAt: true } as const;
type RelayRow = { id: string; url: string; followedAt: Date };

function toRelay(row: RelayRow): Relay {
  return { id: row.id, url: row.url, followedAt: row.followedAt.toISOString() };
}

/**
 * Every followed relay, by URL compared byte by byte (the same order on
 * every database, whatever its collation); relays are few: no paging.
 */
export async function listRelays(ctx: ServiceContext): Promise<{ data: Relay[]; total: number }> {
  const rows = await ctx.db.$queryRaw<RelayRow[]>`
    SELECT id, url, followed_at AS "followedAt" FROM relays ORDER BY url COLLATE "C"`;
  return { data: rows.map(toRelay), total: rows.length };
}

/**
 * Follows a relay; following one already followed (under any spelling of
 * its URL) changes nothing and answers it with `created: false`. A 400
 * `invalid_relay_url` for a URL that is not absolute http(s), or holds
 * credentials or a fragment.
 */
export async function followRelay(ctx: ServiceContext, url: string): Promise<{ relay: Relay; created: boolean }> {
  const normal = normalized(url);
  return mutate(ctx, async (tx) => {
    // A concurrent follow of the same URL waits on the unique index and then finds nothing inserted.
    const [made] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO relays (id, url) VALUES (${randomUUID()}::uuid, ${normal}) ON CONFLICT (url) DO NOTHING RETURNING id`;
    const row = await tx.relay.findUniqueOrThrow({ where: { url: normal }, select: relaySelect });
    const relay = toRelay(row);
    if (made) await recordAudit(tx, ctx, { action: "relay.follow", targetType: "relay", targetId: relay.id, after: relay });
    return { relay, created: made !== undefined };
  }, NO_ACCESS_CHANGE);
}

/** Unfollows a relay by id; 404 `relay_not_found` when there is none. */
export async function unfollowRelay(ctx: ServiceContext, id: string): Promise<void> {
  await mutate(ctx, async (tx) => {
    const [row] = await tx.$queryRaw<RelayRow[]>`
      DELETE FROM relays WHERE id = ${id}::uuid RETURNING id, url, followed_at AS "followedAt"`;
    await audited(tx, ctx, row);
  }, NO_ACCESS_CHANGE);
}

/**
 * Unfollows a relay by URL, under any spelling of it (Pleroma's DELETE
 * /relay); answers the relay unfollowed. 404 `relay_not_found` when it is
 * not followed, 400 `invalid_relay_url` for a URL no relay can have.
 */
export async function unfollowRelayByUrl(ctx: ServiceContext, url: string): Promise<Relay> {
  const normal = normalized(url);
  return mutate(ctx, async (tx) => {
    const [row] = await tx.$queryRaw<RelayRow[]>`
      DELETE FROM relays WHERE url = ${normal} RETURNING id, url, followed_at AS "followedAt"`;
    return audited(tx, ctx, row);
  }, NO_ACCESS_CHANGE);
}

async function audited(tx: Tx, ctx: ServiceContext, row: RelayRow | undefined): Promise<Relay> {
  if (!row) throw notFound("Relay");
  const relay = toRelay(row);
  await recordAudit(tx, ctx, { action: "relay.unfollow", targetType: "relay", targetId: relay.id, before: relay });
  return relay;
}

function normalized(url: string): string {
  const normal = normalizeRelayUrl(url);
  if (normal === null) {
    const message = relayUrlProblem(url) ?? "Invalid relay URL";
    throw new ServiceError("bad_request", `Invalid relay URL: ${message}`, {
      reason: "invalid_relay_url",
      fields: [{ path: "body.url", message, code: "invalid_relay_url" }],
    });
  }
  return normal;
}
