import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { effectivePermissions } from "../../services/auth/authenticate.ts";
import { login, logout } from "../../services/auth/login.ts";
import type { Deps } from "../../services/context.ts";
import { getUser } from "../../services/users/users.ts";
import { callerOf, requestMeta, serviceContext } from "../context.ts";

const s = initServer();

export const authRoutes = (deps: Deps) =>
  s.router(v1Contract.auth, {
    login: async ({ body, req, res }) => {
      const result = await login(deps, requestMeta(req, res, "v1"), body.username, body.password);
      return { status: 200, body: { token: result.token, expiresAt: result.expiresAt.toISOString(), user: result.user.user } };
    },
    logout: async ({ req, res }) => {
      await logout(serviceContext(deps, req, res));
      return { status: 204, body: undefined };
    },
    getMe: async ({ req, res }) => {
      const caller = callerOf(res);
      const ctx = serviceContext(deps, req, res);
      return {
        status: 200,
        body: {
          user: caller.session && caller.actor.userId ? (await getUser(ctx, caller.actor.userId)).user : null,
          apiKey: caller.apiKey,
          permissions: effectivePermissions(caller.actor),
          session: caller.session ? { id: caller.session.id, expiresAt: caller.session.expiresAt.toISOString() } : null,
        },
      };
    },
  });
