import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { getOwnAppToken, listOwnAppTokens, revokeOwnAppToken } from "../../services/me/access-tokens/app-tokens.ts";
import { createOwnSharedToken } from "../../services/me/access-tokens/create-own-shared-token.ts";
import { deleteOwnSharedToken } from "../../services/me/access-tokens/delete-own-shared-token.ts";
import { getOwnSharedToken } from "../../services/me/access-tokens/get-own-shared-token.ts";
import { introspectAccessToken } from "../../services/me/access-tokens/introspect-access-token.ts";
import { listOwnSharedTokens } from "../../services/me/access-tokens/list-own-shared-tokens.ts";
import { updateOwnSharedToken } from "../../services/me/access-tokens/update-own-shared-token.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const meAccessTokensRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.meAccessTokens, {
    listOwnSharedTokens: async ({ query, req, res }) => ({ status: 200, body: await listOwnSharedTokens(context(req, res), query) }),
    createOwnSharedToken: async ({ body, req, res }) => ({ status: 201, body: await createOwnSharedToken(context(req, res), body) }),
    getOwnSharedToken: async ({ params, req, res }) => ({ status: 200, body: await getOwnSharedToken(context(req, res), params.tokenId) }),
    updateOwnSharedToken: async ({ params, body, req, res }) => ({ status: 200, body: await updateOwnSharedToken(context(req, res), params.tokenId, body) }),
    deleteOwnSharedToken: async ({ params, req, res }) => {
      await deleteOwnSharedToken(context(req, res), params.tokenId);
      return { status: 204, body: undefined };
    },
    listOwnAppTokens: async ({ query, req, res }) => ({ status: 200, body: await listOwnAppTokens(context(req, res), query) }),
    getOwnAppToken: async ({ body, req, res }) => ({ status: 200, body: await getOwnAppToken(context(req, res), body) }),
    revokeOwnAppToken: async ({ params, req, res }) => {
      await revokeOwnAppToken(context(req, res), params.tokenId);
      return { status: 204, body: undefined };
    },
    introspectAccessToken: async ({ body, req, res }) => ({ status: 200, body: await introspectAccessToken(context(req, res), body.token) }),
  });
