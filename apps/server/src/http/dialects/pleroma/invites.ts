import { initServer } from "@ts-rest/express";
import { pleromaContract } from "@steward/contracts";
import { createInvite, createResetInvite } from "../../../services/invites/create-invite.ts";
import { listInvites } from "../../../services/invites/list-invites.ts";
import { revokeInviteByToken } from "../../../services/invites/revoke-invite.ts";
import { sendInviteByEmail } from "../../../services/mail/account-mails.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromInviteLimits, fromNickname, pleromaSource } from "./from-pleroma.ts";
import { PLEROMA_INVITE_LIST_LIMIT } from "./constants.ts";
import { toPleromaInvite } from "./to-pleroma.ts";

const s = initServer();

export const invitesRoutes = ({ context }: HandlerTools) =>
  s.router(pleromaContract.invites, {
    // Pleroma 1.0: the bare token.
    getInviteToken: async ({ query, req, res }) => {
      const ctx = context(req, res);
      const invite = await createInvite(ctx, fromInviteLimits(query, ctx.actor.label));
      return { status: 200, body: invite.token ?? "" };
    },
    // Pleroma 2: the same, by POST, answering the invite.
    createInviteToken: async ({ body, req, res }) => {
      const ctx = context(req, res);
      return { status: 200, body: toPleromaInvite(await createInvite(ctx, fromInviteLimits(body, ctx.actor.label))) };
    },
    listInvites: async ({ req, res }) => {
      const page = await listInvites(context(req, res), { kind: "register", state: "all", limit: PLEROMA_INVITE_LIST_LIMIT }, { revealTokens: true });
      // Pleroma lists by id: the oldest first.
      return { status: 200, body: { invites: page.data.map(toPleromaInvite).reverse() } };
    },
    revokeInvite: async ({ body, req, res }) => ({
      status: 200,
      body: toPleromaInvite(await revokeInviteByToken(context(req, res), body.token)),
    }),
    sendEmailInvite: async ({ body, req, res }) => {
      await sendInviteByEmail(context(req, res), { email: body.email, ...(body.name ? { name: body.name } : {}) });
      return { status: 204, body: undefined };
    },
    // Pleroma 1.0: the bare token, which the console's reset page takes.
    getPasswordResetToken: async ({ params, req, res }) => {
      const ctx = context(req, res);
      const invite = await createResetInvite(ctx, fromNickname(params.nickname), { source: pleromaSource(ctx.actor.label) });
      return { status: 200, body: invite.token ?? "" };
    },
  });
