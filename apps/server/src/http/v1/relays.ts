import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { followRelay, listRelays, unfollowRelay } from "../../services/relays.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const relaysRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.relays, {
    listRelays: async ({ req, res }) => ({ status: 200, body: await listRelays(context(req, res)) }),
    followRelay: async ({ body, req, res }) => {
      const { relay, created } = await followRelay(context(req, res), body.url);
      return created ? { status: 201, body: relay } : { status: 200, body: relay };
    },
    unfollowRelay: async ({ params, req, res }) => {
      await unfollowRelay(context(req, res), params.id);
      return { status: 204, body: undefined };
    },
  });
