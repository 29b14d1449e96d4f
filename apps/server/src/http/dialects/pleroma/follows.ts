import { initServer } from "@ts-rest/express";
import { pleromaContract } from "@steward/contracts";
import { followUser, unfollowUser } from "../../../services/follows.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromNickname } from "./from-pleroma.ts";

const s = initServer();

export const followsRoutes = ({ context }: HandlerTools) =>
  s.router(pleromaContract.follows, {
    // 404 when either account is unknown (Pleroma answers "ok" regardless).
    followUser: async ({ body, req, res }) => {
      await followUser(context(req, res), fromNickname(body.follower), fromNickname(body.followed));
      return { status: 200, body: "ok" as const };
    },
    unfollowUser: async ({ body, req, res }) => {
      await unfollowUser(context(req, res), fromNickname(body.follower), fromNickname(body.followed));
      return { status: 200, body: "ok" as const };
    },
  });
