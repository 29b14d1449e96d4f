import { initServer } from "@ts-rest/express";
import { MAX_SHARED_TOKENS_PER_ACCOUNT, pryvEarlyContract } from "@steward/contracts";
import { getOwnAppToken } from "../../../services/me/access-tokens/app-tokens.ts";
import { createOwnSharedToken } from "../../../services/me/access-tokens/create-own-shared-token.ts";
import { deleteOwnSharedToken } from "../../../services/me/access-tokens/delete-own-shared-token.ts";
import { listOwnSharedTokens } from "../../../services/me/access-tokens/list-own-shared-tokens.ts";
import { updateOwnSharedToken } from "../../../services/me/access-tokens/update-own-shared-token.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromPryvEarlyToken } from "./from-pryv-early.ts";
import { toPryvEarlyToken } from "./to-pryv-early.ts";

const s = initServer();

export const tokensRoutes = ({ context }: HandlerTools) =>
  s.router(
    {
      getMyToken: pryvEarlyContract.getMyToken,
      listTokens: pryvEarlyContract.listTokens,
      createToken: pryvEarlyContract.createToken,
      updateToken: pryvEarlyContract.updateToken,
      deleteToken: pryvEarlyContract.deleteToken,
    },
    {
      // The app is the one the session signed in for.
      getMyToken: async ({ req, res }) => {
        const { id, token } = await getOwnAppToken(context(req, res), {});
        return { status: 200, body: { id, token } };
      },
      // An account holds at most this many: one page is the whole list.
      listTokens: async ({ req, res }) => {
        const page = await listOwnSharedTokens(context(req, res), { limit: MAX_SHARED_TOKENS_PER_ACCOUNT });
        return { status: 200, body: page.data.map(toPryvEarlyToken) };
      },
      createToken: async ({ body: { type: _shared, ...body }, req, res }) => {
        const { id, token } = await createOwnSharedToken(context(req, res), fromPryvEarlyToken(body));
        return { status: 201, body: { id, token } };
      },
      updateToken: async ({ params, body, req, res }) => ({
        status: 200,
        body: toPryvEarlyToken(await updateOwnSharedToken(context(req, res), params.id, fromPryvEarlyToken(body))),
      }),
      deleteToken: async ({ params, req, res }) => {
        await deleteOwnSharedToken(context(req, res), params.id);
        return { status: 200, body: {} };
      },
    },
  );
