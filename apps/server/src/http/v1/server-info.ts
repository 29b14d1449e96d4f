import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { getServerInfo } from "../../services/server-info.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const serverInfoRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.serverInfo, {
    getServerInfo: async ({ req, res }) => ({ status: 200, body: await getServerInfo(context(req, res)) }),
  });
