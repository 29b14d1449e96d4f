import { initServer } from "@ts-rest/express";
import { prosodyContract } from "@steward/contracts";
import { listUserGroups } from "../../../services/groups/members.ts";
import { updateUserAndGroups } from "../../../services/users/update-user-and-groups.ts";
import { listUserSessions } from "../../../services/sessions.ts";
import { listUsers } from "../../../services/users/list-users.ts";
import { deleteUser } from "../../../services/users/delete-user.ts";
import { lookupUser } from "../../../services/users/get-user.ts";
import { readXmppDomain } from "../../../services/settings/xmpp-domain.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromUserUpdate } from "./from-prosody.ts";
import { PROSODY_LIST_LIMIT } from "./constants.ts";
import { toProsodyDebug, toProsodyUser } from "./to-prosody.ts";

const s = initServer();

export const usersRoutes = ({ context }: HandlerTools) =>
  s.router(prosodyContract.users, {
    listUsers: async ({ req, res }) => {
      const page = await listUsers(context(req, res), { filter: {}, order: "username", limit: PROSODY_LIST_LIMIT });
      return { status: 200, body: page.data.map(({ user }) => toProsodyUser(user)) };
    },
    getUser: async ({ params, req, res }) => {
      const { user } = await lookupUser(context(req, res), { username: params.username });
      return { status: 200, body: toProsodyUser(user) };
    },
    updateUser: async ({ params, body, req, res }) => {
      const { patch, groupIds } = fromUserUpdate(params.username, body);
      await updateUserAndGroups(context(req, res), { username: params.username }, patch, groupIds);
      return { status: 200, body: undefined };
    },
    deleteUser: async ({ params, req, res }) => {
      await deleteUser(context(req, res), { username: params.username });
      return { status: 200, body: undefined };
    },
    getUserGroups: async ({ params, req, res }) => {
      const groups = await listUserGroups(context(req, res), { username: params.username });
      return { status: 200, body: groups.data.map((group) => group.id) };
    },
    getUserDebugInfo: async ({ params, req, res }) => {
      const ctx = context(req, res);
      const { user, sessions } = await listUserSessions(ctx, { username: params.username }, { limit: PROSODY_LIST_LIMIT });
      return { status: 200, body: toProsodyDebug(sessions.data, user.username, await readXmppDomain(ctx), ctx.clock.now()) };
    },
  });
