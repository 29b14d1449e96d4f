import { initServer } from "@ts-rest/express";
import { v1Contract, type Redemption } from "@steward/contracts";
import { createInvite } from "../../services/invites/create-invite.ts";
import { getInvite } from "../../services/invites/get-invite.ts";
import { listInvites } from "../../services/invites/list-invites.ts";
import { revokeInvite } from "../../services/invites/revoke-invite.ts";
import { describeInvitation, redeemInvitation } from "../../services/invites/redeem.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

/** A redemption that made an account answers 201 Created; a password reset made nothing new. */
const REDEMPTION_STATUS = { account_created: 201, password_reset: 200 } as const satisfies Record<Redemption["outcome"], 200 | 201>;

export const invitesRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.invites, {
    listInvites: async ({ query, req, res }) => ({ status: 200, body: await listInvites(context(req, res), query) }),
    createInvite: async ({ body, req, res }) => {
      const invite = await createInvite(context(req, res), body);
      res.setHeader("Location", `/api/v1/invites/${invite.id}`);
      return { status: 201, body: invite };
    },
    getInvite: async ({ params, req, res }) => ({ status: 200, body: await getInvite(context(req, res), params.id) }),
    revokeInvite: async ({ params, req, res }) => {
      await revokeInvite(context(req, res), params.id);
      return { status: 204, body: undefined };
    },
    getInvitation: async ({ params, req, res }) => ({ status: 200, body: await describeInvitation(context(req, res), params.token) }),
    redeemInvitation: async ({ params, body, req, res }) => {
      const redemption = await redeemInvitation(context(req, res), params.token, body);
      return { status: REDEMPTION_STATUS[redemption.outcome], body: redemption };
    },
  });
