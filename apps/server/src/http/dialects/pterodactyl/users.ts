import { initServer } from "@ts-rest/express";
import { pterodactylContract } from "@steward/contracts";
import { listUsers } from "../../../services/users/list-users.ts";
import { updateUserAndAdminRole } from "../../../services/users/user-roles.ts";
import { createUserWithSetupMail } from "../../../services/users/create-user-with-setup-mail.ts";
import { deleteUser } from "../../../services/users/delete-user.ts";
import { lookupUser } from "../../../services/users/get-user.ts";
import type { RequestLike } from "../../shared/context.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromInclude, fromListQuery, fromNewUser, fromUserUpdate, numericIdFrom } from "./from-pterodactyl.ts";
import { collectionUrl, type PterodactylOptions } from "./options.ts";
import { toPterodactylCreated, toPterodactylUser, toPterodactylUserList } from "./to-pterodactyl.ts";

const s = initServer();

export const usersRoutes = ({ context }: HandlerTools, { basePath }: PterodactylOptions) => {
  const usersUrl = (req: RequestLike) => collectionUrl(req, basePath, "users");
  return s.router(pterodactylContract.users, {
    listUsers: async ({ query, req, res }) => {
      const { listing, window } = fromListQuery(query);
      // A uuid filter that is no UUID matches nobody.
      const page = listing ? await listUsers(context(req, res), listing) : { data: [], total: 0 };
      return { status: 200, body: toPterodactylUserList(page.data, page.total, window, usersUrl(req)) };
    },
    getUser: async ({ params, query, req, res }) => {
      const { user, resources } = await lookupUser(context(req, res), { numericId: numericIdFrom(params.id) }, fromInclude(query.include));
      return { status: 200, body: toPterodactylUser(user, resources) };
    },
    getUserByExternalId: async ({ params, query, req, res }) => {
      const { user, resources } = await lookupUser(context(req, res), { externalId: params.external_id }, fromInclude(query.include));
      return { status: 200, body: toPterodactylUser(user, resources) };
    },
    // As the Panel: without a password, the person gets a mail to choose one.
    createUser: async ({ body, req, res }) => {
      const { user } = await createUserWithSetupMail(context(req, res), fromNewUser(body));
      return { status: 201, body: toPterodactylCreated(user, usersUrl(req)) };
    },
    updateUser: async ({ params, body, req, res }) => {
      const { patch, admin } = fromUserUpdate(body);
      return { status: 200, body: toPterodactylUser((await updateUserAndAdminRole(context(req, res), { numericId: numericIdFrom(params.id) }, patch, admin)).user) };
    },
    deleteUser: async ({ params, req, res }) => {
      await deleteUser(context(req, res), { numericId: numericIdFrom(params.id) });
      return { status: 204, body: undefined };
    },
  });
};
