import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from "../../services/api-keys.ts";
import type { Deps } from "../../services/context.ts";
import { serviceContext } from "../context.ts";

const s = initServer();

export const apiKeysRoutes = (deps: Deps) =>
  s.router(v1Contract.apiKeys, {
    listApiKeys: async ({ query, req, res }) => ({ status: 200, body: await listApiKeys(serviceContext(deps, req, res), query) }),
    createApiKey: async ({ body, req, res }) => ({ status: 201, body: await createApiKey(serviceContext(deps, req, res), body) }),
    getApiKey: async ({ params, req, res }) => ({ status: 200, body: await getApiKey(serviceContext(deps, req, res), params.id) }),
    revokeApiKey: async ({ params, req, res }) => {
      await revokeApiKey(serviceContext(deps, req, res), params.id);
      return { status: 204, body: undefined };
    },
  });
