import { initServer } from "@ts-rest/express";
import { MAX_CHANNELS_PER_ACCOUNT, pryvEarlyContract } from "@steward/contracts";
import { createOwnChannel } from "../../../services/me/channels/create-own-channel.ts";
import { deleteOwnChannel } from "../../../services/me/channels/delete-own-channel.ts";
import { listOwnChannels } from "../../../services/me/channels/list-own-channels.ts";
import { updateOwnChannel } from "../../../services/me/channels/update-own-channel.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { toPryvEarlyChannel } from "./to-pryv-early.ts";

const s = initServer();

export const channelsRoutes = ({ context }: HandlerTools) =>
  s.router(
    {
      listChannels: pryvEarlyContract.listChannels,
      createChannel: pryvEarlyContract.createChannel,
      updateChannel: pryvEarlyContract.updateChannel,
      deleteChannel: pryvEarlyContract.deleteChannel,
    },
    {
      // An account holds at most this many, trashed ones included: one page is the whole list.
      listChannels: async ({ query, req, res }) => {
        const page = await listOwnChannels(context(req, res), { state: query.state, limit: MAX_CHANNELS_PER_ACCOUNT });
        return { status: 200, body: page.data.map(toPryvEarlyChannel) };
      },
      createChannel: async ({ body, req, res }) => ({ status: 201, body: { id: (await createOwnChannel(context(req, res), body)).id } }),
      // `trashed` moves it in or out of the trash, as Pryv's clients restore a channel.
      updateChannel: async ({ params, body, req, res }) => ({
        status: 200,
        body: toPryvEarlyChannel(await updateOwnChannel(context(req, res), params.id, body)),
      }),
      deleteChannel: async ({ params, req, res }) => {
        await deleteOwnChannel(context(req, res), params.id);
        return { status: 200, body: {} };
      },
    },
  );
