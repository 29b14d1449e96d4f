import { initServer } from "@ts-rest/express";
import { pleromaContract } from "@steward/contracts";
import { listUsers } from "../../../services/users/list-users.ts";
import { createUser } from "../../../services/users/create-user.ts";
import { deleteUser } from "../../../services/users/delete-user.ts";
import { lookupUser } from "../../../services/users/get-user.ts";
import { setUserStatus, toggleUserStatus } from "../../../services/users/set-user-status.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromListUsersQuery, fromNickname } from "./from-pleroma.ts";
import { toPleromaNickname, toPleromaUser, toPleromaUserList } from "./to-pleroma.ts";

const s = initServer();

export const usersRoutes = ({ context }: HandlerTools) =>
  s.router(pleromaContract.users, {
    listUsers: async ({ query, req, res }) => {
      const { listing, pageSize } = fromListUsersQuery(query);
      // Contradicting filters (`local,external`) match nobody, as in Pleroma.
      const page = listing ? await listUsers(context(req, res), listing) : { data: [], total: 0 };
      return { status: 200, body: toPleromaUserList(page, pageSize) };
    },
    createUser: async ({ body, req, res }) => {
      const { user } = await createUser(context(req, res), { username: body.nickname, email: body.email, password: body.password });
      return { status: 200, body: toPleromaNickname(user) };
    },
    deleteUser: async ({ body, req, res }) => {
      const { user } = await deleteUser(context(req, res), fromNickname(body.nickname));
      return { status: 200, body: toPleromaNickname(user) };
    },
    getUser: async ({ params, req, res }) => {
      const { user } = await lookupUser(context(req, res), fromNickname(params.nickname));
      return { status: 200, body: toPleromaUser(user) };
    },
    toggleUserActivation: async ({ params, req, res }) => ({
      status: 200,
      body: toPleromaUser((await toggleUserStatus(context(req, res), fromNickname(params.nickname))).user),
    }),
    setUserActivationStatus: async ({ params, body, req, res }) => {
      await setUserStatus(context(req, res), fromNickname(params.nickname), body.status ? "active" : "deactivated");
      return { status: 204, body: undefined };
    },
  });
