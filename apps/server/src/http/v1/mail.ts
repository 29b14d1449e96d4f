import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { getOutboxMessage, listOutbox, retryMail } from "../../services/mail/outbox.ts";
import { sendInviteByEmail, sendPasswordReset } from "../../services/mail/account-mails.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const mailRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.mail, {
    listOutbox: async ({ query, req, res }) => ({ status: 200, body: await listOutbox(context(req, res), query) }),
    getOutboxMessage: async ({ params, req, res }) => ({ status: 200, body: await getOutboxMessage(context(req, res), params.id) }),
    retryMail: async ({ params, req, res }) => ({ status: 200, body: await retryMail(context(req, res), params.id) }),
    sendInviteEmail: async ({ body, req, res }) => ({ status: 202, body: await sendInviteByEmail(context(req, res), body) }),
    sendPasswordResetEmail: async ({ params, req, res }) => ({ status: 202, body: await sendPasswordReset(context(req, res), params.id) }),
  });
