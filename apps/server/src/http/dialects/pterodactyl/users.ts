import { initServer } from "@ts-rest/express";
import { pterodactylContract } from "@steward/contracts";
import { resourcesOfUsers } from "../../../services/attached-resources.ts";
import type { ServiceContext } from "../../../services/kernel/context.ts";
import { listUsers } from "../../../services/users/list-users.ts";
import { updateUserAndAdminRole } from "../../../services/users/user-roles.ts";
import { createUserWithSetupMail } from "../../../services/users/create-user-with-setup-mail.ts";
import { deleteUser, lookupUser } from "../../../services/users/users.ts";
import type { RequestLike } from "../../shared/context.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { fromListQuery, fromNewUser, fromUserUpdate, includesServers, numericIdFrom } from "./from-pterodactyl.ts";
import { collectionUrl, type PterodactylOptions } from "./options.ts";
import { toPterodactylCreated, toPterodactylUser, toPterodactylUserList } from "./to-pterodactyl.ts";

const s = initServer();

/** The attached resources of these users when `include` asks for `servers`; undefined otherwise. */
async function serversIf(ctx: ServiceContext, include: string | undefined, userIds: string[]) {
  return includesServers(include) ? resourcesOfUsers(ctx, userIds) : undefined;
}

export const usersRoutes = ({ context }: HandlerTools, { basePath }: PterodactylOptions) => {
  const usersUrl = (req: RequestLike) => collectionUrl(req, basePath, "users");
  return s.router(pterodactylContract.users, {
    listUsers: async ({ query, req, res }) => {
      const ctx = context(req, res);
      const { listing, window } = fromListQuery(query);
      // A uuid filter that is no UUID matches nobody.
      const page = listing ? await listUsers(ctx, listing) : { data: [], total: 0 };
      const servers = await serversIf(ctx, query.include, page.data.map((user) => user.id));
      return { status: 200, body: toPterodactylUserList(page.data, page.total, window, usersUrl(req), servers) };
    },
    getUser: async ({ params, query, req, res }) => {
      const ctx = context(req, res);
      const { user } = await lookupUser(ctx, { numericId: numericIdFrom(params.id) });
      return { status: 200, body: toPterodactylUser(user, (await serversIf(ctx, query.include, [user.id]))?.get(user.id)) };
    },
    getUserByExternalId: async ({ params, query, req, res }) => {
      const ctx = context(req, res);
      const { user } = await lookupUser(ctx, { externalId: params.external_id });
      return { status: 200, body: toPterodactylUser(user, (await serversIf(ctx, query.include, [user.id]))?.get(user.id)) };
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
