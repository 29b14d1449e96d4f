import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { describeCaller } from "../../services/auth/me.ts";
import { login, logout } from "../../services/auth/login.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const authRoutes = ({ context, caller }: HandlerTools) =>
  s.router(v1Contract.auth, {
    login: async ({ body, req, res }) => {
      const result = await login(context(req, res), body);
      return { status: 200, body: { token: result.token, expiresAt: result.expiresAt.toISOString(), user: result.user.user } };
    },
    logout: async ({ req, res }) => {
      await logout(context(req, res));
      return { status: 204, body: undefined };
    },
    getMe: async ({ req, res }) => ({ status: 200, body: await describeCaller(context(req, res), caller(res)) }),
  });
