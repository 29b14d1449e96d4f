import { initServer } from "@ts-rest/express";
import { pryvContract } from "@steward/contracts";
import { login, logout } from "../../../services/auth/login.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { toPryvPermissions } from "./to-pryv.ts";

const s = initServer();

/** What a Pryv client reads in its token besides its session: who it is and what it may do, in Pryv's words. */
const pryvClaims = (held: string[]) => ({ permissions: toPryvPermissions(held) });

export const authRoutes = ({ context }: HandlerTools, readToken: (req: { get(name: string): string | undefined }) => string | null) =>
  s.router(
    { login: pryvContract.login, logout: pryvContract.logout },
    {
      login: async ({ body, req, res }) => {
        const { token } = await login(context(req, res), body, { signed: { claims: pryvClaims } });
        return { status: 200, body: { token } };
      },
      logout: async ({ req, res }) => {
        await logout(context(req, res));
        // The real server answers the token it just ended.
        return { status: 200, body: { token: readToken(req) ?? "" } };
      },
    },
  );
