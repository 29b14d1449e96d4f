import { initServer } from "@ts-rest/express";
import { prosodyContract } from "@steward/contracts";
import { createInvite } from "../../../services/invites/create-invite.ts";
import { getInvite } from "../../../services/invites/get-invite.ts";
import { listInvites } from "../../../services/invites/list-invites.ts";
import { revokeInvite } from "../../../services/invites/revoke-invite.ts";
import { readXmppDomain } from "../../../services/settings/xmpp-domain.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromAccountInvite, fromGroupInvite, fromResetInvite, stewardIdFrom } from "./from-prosody.ts";
import { PROSODY_LIST_LIMIT } from "./constants.ts";
import { toProsodyInvite } from "./to-prosody.ts";

const s = initServer();

export const invitesRoutes = ({ context }: HandlerTools) =>
  s.router(prosodyContract.invites, {
    listInvites: async ({ req, res }) => {
      const ctx = context(req, res);
      const page = await listInvites(ctx, { state: "pending", limit: PROSODY_LIST_LIMIT }, { revealTokens: true });
      const domain = await readXmppDomain(ctx);
      // Prosody lists the oldest first.
      return { status: 200, body: page.data.map((invite) => toProsodyInvite(invite, domain)).reverse() };
    },
    createInviteForAccount: async ({ body, req, res }) => {
      const ctx = context(req, res);
      const invite = await createInvite(ctx, fromAccountInvite(body, ctx.actor.label));
      return { status: 200, body: toProsodyInvite(invite, await readXmppDomain(ctx)) };
    },
    createInviteForGroup: async ({ body, req, res }) => {
      const ctx = context(req, res);
      const invite = await createInvite(ctx, fromGroupInvite(body, ctx.actor.label));
      return { status: 200, body: toProsodyInvite(invite, await readXmppDomain(ctx)) };
    },
    createInviteForAccountReset: async ({ body, req, res }) => {
      const ctx = context(req, res);
      const invite = await createInvite(ctx, fromResetInvite(body, ctx.actor.label));
      return { status: 200, body: toProsodyInvite(invite, await readXmppDomain(ctx)) };
    },
    // Real Prosody no longer finds an invite once it is used, expired or deleted.
    getInviteById: async ({ params, req, res }) => {
      const ctx = context(req, res);
      const invite = await getInvite(ctx, stewardIdFrom(params.id, "invite"), { pendingOnly: true });
      return { status: 200, body: toProsodyInvite(invite, await readXmppDomain(ctx)) };
    },
    deleteInvite: async ({ params, req, res }) => {
      await revokeInvite(context(req, res), stewardIdFrom(params.id, "invite"), { pendingOnly: true });
      return { status: 200, body: undefined };
    },
  });
