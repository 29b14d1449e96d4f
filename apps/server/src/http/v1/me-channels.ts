import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { createOwnChannel } from "../../services/me/channels/create-own-channel.ts";
import { deleteOwnChannel } from "../../services/me/channels/delete-own-channel.ts";
import { getOwnChannel } from "../../services/me/channels/get-own-channel.ts";
import { listOwnChannels } from "../../services/me/channels/list-own-channels.ts";
import { restoreOwnChannel } from "../../services/me/channels/restore-own-channel.ts";
import { updateOwnChannel } from "../../services/me/channels/update-own-channel.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const meChannelsRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.meChannels, {
    listOwnChannels: async ({ query, req, res }) => ({ status: 200, body: await listOwnChannels(context(req, res), query) }),
    createOwnChannel: async ({ body, req, res }) => ({ status: 201, body: await createOwnChannel(context(req, res), body) }),
    getOwnChannel: async ({ params, req, res }) => ({ status: 200, body: await getOwnChannel(context(req, res), params.channelId) }),
    updateOwnChannel: async ({ params, body, req, res }) => ({ status: 200, body: await updateOwnChannel(context(req, res), params.channelId, body) }),
    deleteOwnChannel: async ({ params, req, res }) => ({ status: 200, body: await deleteOwnChannel(context(req, res), params.channelId) }),
    restoreOwnChannel: async ({ params, req, res }) => ({ status: 200, body: await restoreOwnChannel(context(req, res), params.channelId) }),
  });
