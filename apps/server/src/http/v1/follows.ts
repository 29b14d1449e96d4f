import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { followUser, listFollowers, listFollowing, unfollowUser } from "../../services/follows.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const followsRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.follows, {
    listFollowing: async ({ params, query, req, res }) => ({
      status: 200,
      body: await listFollowing(context(req, res), params.id, query),
    }),
    listFollowers: async ({ params, query, req, res }) => ({
      status: 200,
      body: await listFollowers(context(req, res), params.id, query),
    }),
    followUser: async ({ params, req, res }) => {
      await followUser(context(req, res), params.id, params.targetId);
      return { status: 204, body: undefined };
    },
    unfollowUser: async ({ params, req, res }) => {
      await unfollowUser(context(req, res), params.id, params.targetId);
      return { status: 204, body: undefined };
    },
  });
