import { Prisma } from "@steward/db";
import type { Follow, Page } from "@steward/contracts";
import { recordAudit } from "./kernel/audit.ts";
import type { ServiceContext } from "./kernel/context.ts";
import { notFound, ServiceError } from "./kernel/errors.ts";
import { mutate, type Tx } from "./kernel/mutate.ts";
import { afterUsernameSql, usernamePage } from "./kernel/paging.ts";
import { assertMayActOn } from "./users/access-guard.ts";
import { userRefSql, type UserRef } from "./users/users.ts";

/**
 * Follows between users (a federated platform's social graph, as Pleroma
 * keeps it). A follow grants nothing and does not show in a user's
 * representation: no access change, no version bump.
 */
const NO_ACCESS_CHANGE = { changesAccess: false } as const;

/**
 * Both lists page by username (kernel/paging.ts) over the same rows, read
 * from either end: `following` the follows of `follower_id` (a range of the
 * primary key), `followers` those of `followed_id` (follows_followed_id_idx);
 * the other column names the user shown.
 */
const SIDES = {
  following: { owner: Prisma.raw("f.follower_id"), shown: Prisma.raw("f.followed_id") },
  followers: { owner: Prisma.raw("f.followed_id"), shown: Prisma.raw("f.follower_id") },
} as const;

interface FollowRow {
  id: string;
  username: string;
  display_name: string | null;
  local: boolean;
  since: Date | string;
}

function toFollow(row: FollowRow): Follow {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    local: row.local,
    since: new Date(row.since).toISOString(),
  };
}

export interface ListFollowsQuery {
  /** Taken as given: the HTTP contract caps it at 200, a dialect may ask up to 1000. */
  limit: number;
  cursor?: string;
}

/** The users `userId` follows, by username, a page at a time; `total` counts them all. */
export function listFollowing(ctx: ServiceContext, userId: string, query: ListFollowsQuery): Promise<Page<Follow>> {
  return listSide(ctx, "following", userId, query);
}

/** The users following `userId`, by username, a page at a time; `total` counts them all. */
export function listFollowers(ctx: ServiceContext, userId: string, query: ListFollowsQuery): Promise<Page<Follow>> {
  return listSide(ctx, "followers", userId, query);
}

async function listSide(ctx: ServiceContext, side: keyof typeof SIDES, userId: string, query: ListFollowsQuery): Promise<Page<Follow>> {
  const { owner, shown } = SIDES[side];
  const after = afterUsernameSql(query.cursor);
  const [[head], rows] = await Promise.all([
    ctx.sql.query<{ found: boolean; total: number | string | bigint }>(Prisma.sql`
      SELECT EXISTS (SELECT 1 FROM users WHERE id = ${userId}::uuid) AS found,
        (SELECT count(*) FROM follows f WHERE ${owner} = ${userId}::uuid) AS total`),
    ctx.sql.query<FollowRow>(Prisma.sql`
      SELECT u.id, u.username::text AS username, u.display_name, u.domain IS NULL AS local, f.created_at AS since
      FROM follows f JOIN users u ON u.id = ${shown}
      WHERE ${owner} = ${userId}::uuid AND ${after}
      ORDER BY u.username LIMIT ${query.limit + 1}`),
  ]);
  if (!head?.found) throw userNotFound();
  return usernamePage(rows, { limit: query.limit, total: Number(head.total) }, toFollow);
}

/**
 * Makes `followerId` follow `followedId`; following again changes nothing
 * (and records nothing). Acts on the follower's account: a caller the
 * follower outranks is refused (403 `target_outranks_caller`), as for any
 * write on a user. Being followed changes nothing of the followed account.
 */
export async function followUser(ctx: ServiceContext, follower: UserRef, followed: UserRef): Promise<void> {
  await mutate(ctx, async (tx) => {
    const { followerId, followedId } = await lockForFollow(tx, ctx, follower, followed);
    if (followerId === followedId) {
      throw new ServiceError("unprocessable_entity", "A user cannot follow themselves", { reason: "self_follow" });
    }
    const [made] = await tx.$queryRaw<{ created_at: Date }[]>`
      INSERT INTO follows (follower_id, followed_id) VALUES (${followerId}::uuid, ${followedId}::uuid)
      ON CONFLICT DO NOTHING RETURNING created_at`;
    if (made) await auditFollow(tx, ctx, "user.follow", followerId, followedId, made.created_at);
  }, NO_ACCESS_CHANGE);
}

/**
 * Makes `followerId` stop following `followedId`; unfollowing a user not
 * followed changes nothing. Acts on the follower's account (rank check).
 */
export async function unfollowUser(ctx: ServiceContext, follower: UserRef, followed: UserRef): Promise<void> {
  await mutate(ctx, async (tx) => {
    const { followerId, followedId } = await lockForFollow(tx, ctx, follower, followed);
    const [ended] = await tx.$queryRaw<{ created_at: Date }[]>`
      DELETE FROM follows WHERE follower_id = ${followerId}::uuid AND followed_id = ${followedId}::uuid RETURNING created_at`;
    if (ended) await auditFollow(tx, ctx, "user.unfollow", followerId, followedId, ended.created_at);
  }, NO_ACCESS_CHANGE);
}

/** One follow that began (`after`) or ended (`before`), audited on the follower. */
async function auditFollow(
  tx: Tx,
  ctx: ServiceContext,
  action: "user.follow" | "user.unfollow",
  followerId: string,
  followedId: string,
  since: Date,
): Promise<void> {
  const follow = { followerId, followedId, since: since.toISOString() };
  await recordAudit(tx, ctx, {
    action,
    targetType: "user",
    targetId: followerId,
    ...(action === "user.follow" ? { after: follow } : { before: follow }),
  });
}

/**
 * Locks both users against deletion until commit, in id order, with KEY
 * SHARE as a membership change locks its user (services/groups/members.ts):
 * follows of the same users run side by side, and a user deletion (FOR
 * UPDATE on its one row, then the cascade to follows) waits for them or
 * makes them wait, never both. Then 404 `user_not_found` when either is
 * missing, and the rank check on the follower. Answers both ids.
 */
async function lockForFollow(tx: Tx, ctx: ServiceContext, followerRef: UserRef, followedRef: UserRef): Promise<{ followerId: string; followedId: string }> {
  const rows = await tx.$queryRaw<{ id: string; username: string; is_follower: boolean; is_followed: boolean }[]>`
    SELECT u.id, u.username::text AS username, (${userRefSql(followerRef)}) AS is_follower, (${userRefSql(followedRef)}) AS is_followed
    FROM users u WHERE (${userRefSql(followerRef)}) OR (${userRefSql(followedRef)}) ORDER BY u.id FOR KEY SHARE`;
  const follower = rows.find((row) => row.is_follower);
  const followed = rows.find((row) => row.is_followed);
  if (!follower || !followed) throw userNotFound();
  await assertMayActOn(tx, ctx.actor, { user: follower });
  return { followerId: follower.id, followedId: followed.id };
}

const userNotFound = () => notFound("User");
