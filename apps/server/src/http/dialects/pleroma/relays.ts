import { initServer } from "@ts-rest/express";
import { pleromaContract } from "@steward/contracts";
import { followRelay, listRelays, unfollowRelayByUrl } from "../../../services/relays.ts";
import type { HandlerTools } from "../../shared/surface.ts";

const s = initServer();

export const relaysRoutes = ({ context }: HandlerTools) =>
  s.router(pleromaContract.relays, {
    listRelays: async ({ req, res }) => {
      const relays = await listRelays(context(req, res));
      return { status: 200, body: { relays: relays.data.map((relay) => relay.url) } };
    },
    followRelay: async ({ body, req, res }) => {
      const { relay } = await followRelay(context(req, res), body.relay_url);
      return { status: 200, body: relay.url };
    },
    unfollowRelay: async ({ body, req, res }) => {
      const relay = await unfollowRelayByUrl(context(req, res), body.relay_url);
      return { status: 200, body: relay.url };
    },
  });
