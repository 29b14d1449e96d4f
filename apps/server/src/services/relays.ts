import { randomUUID } from "node:crypto";
import { normalizeRelayUrl, relayUrlProblem, type Relay } from "@steward/contracts";
import { recordAudit } from "./kernel/audit.ts";
import type { ServiceContext } from "./kernel/context.ts";
import { conflict, notFound, ServiceError } from "./kernel/errors.ts";
import { mutate, type Tx } from "./kernel/mutate.ts";

/**
 * The relays the platform follows (Pleroma's admin API follows and
 * unfollows them by URL). URLs are kept normalised (normalizeRelayUrl), so
 * the unique index on `url` sees two spellings of one relay as the same.
 * Relays grant nothing: no write changes access.
 */
const NO_ACCESS_CHANGE = { changesAccess: false } as const;

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
    // Each statement sees what committed before it: a concurrent follow of the URL makes the
    // insert find its row; a concurrent unfollow between the two statements makes us insert again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const [made] = await tx.$queryRaw<RelayRow[]>`
        INSERT INTO relays (id, url) VALUES (${randomUUID()}::uuid, ${normal}) ON CONFLICT (url) DO NOTHING
        RETURNING id, url, followed_at AS "followedAt"`;
      if (made) {
        const relay = toRelay(made);
        await recordAudit(tx, ctx, { action: "relay.follow", targetType: "relay", targetId: relay.id, after: relay });
        return { relay, created: true };
      }
      const [existing] = await tx.$queryRaw<RelayRow[]>`SELECT id, url, followed_at AS "followedAt" FROM relays WHERE url = ${normal}`;
      if (existing) return { relay: toRelay(existing), created: false };
    }
    throw conflict("The relay is being followed and unfollowed at the same time; retry", "relay_busy");
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
