import { initServer } from "@ts-rest/express";
import { pleromaContract } from "@steward/contracts";
import { followUser, unfollowUser } from "../../../services/follows.ts";
import { lookupUser } from "../../../services/users/users.ts";
import type { ServiceContext } from "../../../services/kernel/context.ts";
import type { HandlerTools } from "../../surface.ts";
import { fromNickname } from "./from-pleroma.ts";

const s = initServer();

/** The two accounts a follow names, by nickname; 404 when either is unknown (Pleroma answers "ok" regardless). */
async function pairOf(ctx: ServiceContext, body: { follower: string; followed: string }): Promise<[string, string]> {
  const [follower, followed] = await Promise.all([lookupUser(ctx, fromNickname(body.follower)), lookupUser(ctx, fromNickname(body.followed))]);
  return [follower.user.id, followed.user.id];
}

export const followsRoutes = ({ context }: HandlerTools) =>
  s.router(pleromaContract.follows, {
    followUser: async ({ body, req, res }) => {
      const ctx = context(req, res);
      await followUser(ctx, ...(await pairOf(ctx, body)));
      return { status: 200, body: "ok" as const };
    },
    unfollowUser: async ({ body, req, res }) => {
      const ctx = context(req, res);
      await unfollowUser(ctx, ...(await pairOf(ctx, body)));
      return { status: 200, body: "ok" as const };
    },
  });
