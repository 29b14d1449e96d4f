import { initServer } from "@ts-rest/express";
import { pryvEarlyContract } from "@steward/contracts";
import { changeOwnPassword } from "../../../services/me/change-own-password.ts";
import { getOwnAccount } from "../../../services/me/get-own-account.ts";
import { updateOwnProfile } from "../../../services/me/update-own-profile.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { toUserInfo } from "./to-pryv-early.ts";

const s = initServer();

export const accountRoutes = ({ context }: HandlerTools) =>
  s.router(
    { getUserInfo: pryvEarlyContract.getUserInfo, updateUserInfo: pryvEarlyContract.updateUserInfo, changePassword: pryvEarlyContract.changePassword },
    {
      getUserInfo: async ({ req, res }) => ({ status: 200, body: toUserInfo((await getOwnAccount(context(req, res))).user) }),
      updateUserInfo: async ({ body, req, res }) => ({ status: 200, body: toUserInfo((await updateOwnProfile(context(req, res), body)).user) }),
      changePassword: async ({ body, req, res }) => {
        await changeOwnPassword(context(req, res), { currentPassword: body.oldPassword, newPassword: body.newPassword });
        return { status: 200, body: {} };
      },
    },
  );
