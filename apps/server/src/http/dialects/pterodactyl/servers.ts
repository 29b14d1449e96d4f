import { initServer } from "@ts-rest/express";
import { pterodactylContract } from "@steward/contracts";
import { listResourcesOfKind } from "../../../services/attached-resources.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { SERVER_KIND } from "./constants.ts";
import { windowFrom } from "./from-pterodactyl.ts";
import { collectionUrl, type PterodactylOptions } from "./options.ts";
import { toPterodactylServerList } from "./to-pterodactyl.ts";

const s = initServer();

export const serversRoutes = ({ context }: HandlerTools, { basePath }: PterodactylOptions) =>
  s.router(pterodactylContract.servers, {
    listServers: async ({ query, req, res }) => {
      const window = windowFrom(query);
      const page = await listResourcesOfKind(context(req, res), SERVER_KIND, { offset: window.skip, limit: window.take });
      return { status: 200, body: toPterodactylServerList(page.data, page.total, window, collectionUrl(req, basePath, "servers")) };
    },
  });
