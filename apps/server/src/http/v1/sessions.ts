import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { listSessions, listUserSessions, revokeUserSession, revokeUserSessions } from "../../services/sessions.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const sessionsRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.sessions, {
    listSessions: async ({ query, req, res }) => ({ status: 200, body: await listSessions(context(req, res), query) }),
    listUserSessions: async ({ params, query, req, res }) => ({
      status: 200,
      body: (await listUserSessions(context(req, res), params.id, query)).sessions,
    }),
    revokeUserSession: async ({ params, req, res }) => {
      await revokeUserSession(context(req, res), params.id, params.sessionId);
      return { status: 204, body: undefined };
    },
    revokeUserSessions: async ({ params, req, res }) => ({
      status: 200,
      body: await revokeUserSessions(context(req, res), params.id),
    }),
  });
