import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from "../../services/api-keys.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const apiKeysRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.apiKeys, {
    listApiKeys: async ({ query, req, res }) => ({ status: 200, body: await listApiKeys(context(req, res), query) }),
    createApiKey: async ({ body, req, res }) => ({ status: 201, body: await createApiKey(context(req, res), body) }),
    getApiKey: async ({ params, req, res }) => ({ status: 200, body: await getApiKey(context(req, res), params.id) }),
    revokeApiKey: async ({ params, req, res }) => {
      await revokeApiKey(context(req, res), params.id);
      return { status: 204, body: undefined };
    },
  });
