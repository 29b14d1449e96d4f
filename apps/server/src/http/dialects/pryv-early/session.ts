import { initServer } from "@ts-rest/express";
import { pryvEarlyContract } from "@steward/contracts";
import { login, logout } from "../../../services/auth/login.ts";
import type { HandlerTools } from "../../shared/surface.ts";

const s = initServer();

export const sessionRoutes = ({ context }: HandlerTools) =>
  s.router(
    { login: pryvEarlyContract.login, logout: pryvEarlyContract.logout },
    {
      login: async ({ body, req, res }) => {
        const { token } = await login(context(req, res), { username: body.userName, password: body.password, code: body.code, appId: body.appId });
        return { status: 200, body: { sessionID: token } };
      },
      logout: async ({ req, res }) => {
        await logout(context(req, res));
        return { status: 200, body: {} };
      },
    },
  );
