import { initServer } from "@ts-rest/express";
import { pryvContract } from "@steward/contracts";
import { resetUserMfa } from "../../../services/auth/mfa/reset-user-mfa.ts";
import { deleteUser } from "../../../services/users/delete-user.ts";
import { lookupUser } from "../../../services/users/get-user.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { toPlatformUser } from "./to-pryv.ts";

const s = initServer();

/** Pryv's platform users: every Steward account, with its registration facts. */
export const platformUsersRoutes = ({ context }: HandlerTools) =>
  s.router(
    {
      getPlatformUser: pryvContract.getPlatformUser,
      deletePlatformUser: pryvContract.deletePlatformUser,
      deactivatePlatformUserMfa: pryvContract.deactivatePlatformUserMfa,
    },
    {
      getPlatformUser: async ({ params, req, res }) => ({ status: 200, body: toPlatformUser(await lookupUser(context(req, res), { username: params.username })) }),
      deletePlatformUser: async ({ params, req, res }) => {
        const { user } = await deleteUser(context(req, res), { username: params.username });
        return { status: 200, body: user.username };
      },
      deactivatePlatformUserMfa: async ({ params, req, res }) => {
        await resetUserMfa(context(req, res), { username: params.username });
        return { status: 204, body: undefined };
      },
    },
  );
