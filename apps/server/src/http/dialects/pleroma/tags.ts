import { initServer } from "@ts-rest/express";
import { pleromaContract } from "@steward/contracts";
import { tagUsersByUsername, untagUsersByUsername } from "../../../services/users/bulk-tags.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromTagUsers } from "./from-pleroma.ts";

const s = initServer();

export const tagsRoutes = ({ context }: HandlerTools) =>
  s.router(pleromaContract.tags, {
    tagUsers: async ({ body, req, res }) => {
      const { usernames, tags } = fromTagUsers(body);
      await tagUsersByUsername(context(req, res), usernames, tags);
      return { status: 204, body: undefined };
    },
    untagUsers: async ({ body, req, res }) => {
      const { usernames, tags } = fromTagUsers(body);
      await untagUsersByUsername(context(req, res), usernames, tags);
      return { status: 204, body: undefined };
    },
  });
