import { initServer } from "@ts-rest/express";
import { prosodyContract } from "@steward/contracts";
import { getServerInfo } from "../../../services/server-info.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { toProsodyServerInfo } from "./to-prosody.ts";

const s = initServer();

export const serverRoutes = ({ context }: HandlerTools) =>
  s.router(prosodyContract.server, {
    getServerInfo: async ({ req, res }) => ({ status: 200, body: toProsodyServerInfo(await getServerInfo(context(req, res))) }),
  });
