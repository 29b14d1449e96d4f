import { initServer } from "@ts-rest/express";
import { pleromaContract } from "@steward/contracts";
import { addUserRole, removeUserRole } from "../../../services/users/user-roles.ts";
import { lookupUser } from "../../../services/users/get-user.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromNickname, fromPermissionGroup } from "./from-pleroma.ts";
import { toPermissionChange, toPermissionGroups } from "./to-pleroma.ts";

const s = initServer();

/** Pleroma's permission groups are the built-in `admin` and `moderator` roles. */
export const permissionGroupsRoutes = ({ context }: HandlerTools) =>
  s.router(pleromaContract.permissionGroups, {
    getPermissionGroups: async ({ params, req, res }) => {
      const { user } = await lookupUser(context(req, res), fromNickname(params.nickname));
      return { status: 200, body: toPermissionGroups(user) };
    },
    getPermissionGroup: async ({ params, req, res }) => {
      fromPermissionGroup(params.permission_group);
      const { user } = await lookupUser(context(req, res), fromNickname(params.nickname));
      return { status: 200, body: toPermissionGroups(user) };
    },
    addPermissionGroup: async ({ params, req, res }) => {
      const group = fromPermissionGroup(params.permission_group);
      return { status: 200, body: toPermissionChange((await addUserRole(context(req, res), fromNickname(params.nickname), group)).user, group) };
    },
    removePermissionGroup: async ({ params, req, res }) => {
      const group = fromPermissionGroup(params.permission_group);
      return { status: 200, body: toPermissionChange((await removeUserRole(context(req, res), fromNickname(params.nickname), group)).user, group) };
    },
  });
