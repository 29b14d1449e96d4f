import type { Request, Response } from "express";
import { initServer } from "@ts-rest/express";
import { v1Contract, type ListUsersQuery } from "@steward/contracts";
import { addTagsToUsers, removeTagsFromUsers } from "../../services/users/bulk-tags.ts";
import { listUsers, type UserListQuery } from "../../services/users/list-users.ts";
import { addUserRole, removeUserRole } from "../../services/users/user-roles.ts";
import { etagOf, type UserRecord } from "../../services/users/user-view.ts";
import { createUserAsAsked } from "../../services/users/create-user-with-setup-mail.ts";
import { deleteUser } from "../../services/users/delete-user.ts";
import { getUser, lookupUser } from "../../services/users/get-user.ts";
import { resetPassword } from "../../services/users/reset-password.ts";
import { setUserStatus } from "../../services/users/set-user-status.ts";
import { addUserTags, removeUserTag } from "../../services/users/tag-user.ts";
import { updateUser } from "../../services/users/update-user.ts";
import type { UserRef } from "../../services/users/users.ts";
import type { HandlerTools } from "../shared/surface.ts";
import { exportUsersHandler, importUsersHandler } from "./user-transfer.ts";

const s = initServer();

/** Every answer that carries a user carries its ETag, for the next If-Match. */
function withETag<S extends 200 | 201>(res: Response, record: UserRecord, status: S) {
  res.setHeader("ETag", etagOf(record));
  return { status, body: record.user };
}

/** The one parameter a lookup gives (the contract admits exactly one), as a user reference. */
function userRefOf(query: { username?: string; email?: string; externalId?: string; numericId?: number }): UserRef {
  if (query.username !== undefined) return { username: query.username };
  if (query.email !== undefined) return { email: query.email };
  if (query.externalId !== undefined) return { externalId: query.externalId };
  return { numericId: query.numericId! };
}

/** The API's list parameters, as the service's listing. */
function listingOf(query: ListUsersQuery): UserListQuery {
  const { limit, cursor, sort, q, name, handle, domain, status, role, tag, anyTag, group, local, email, externalId } = query;
  return {
    filter: { text: q, names: name, handle, domain, status, roles: role, allTags: tag, anyTags: anyTag, group, local, email, externalId },
    order: sort,
    limit,
    ...(cursor === undefined ? {} : { start: { cursor } }),
  };
}

export const usersRoutes = (tools: HandlerTools) => {
  const { context } = tools;
  return s.router(v1Contract.users, {
    importUsers: ({ query, headers, req, res }) => importUsersHandler(tools, { query, headers, req: req as unknown as Request, res }),
    exportUsers: ({ query, req, res }) => exportUsersHandler(tools, { query, req: req as unknown as Request, res }),
    listUsers: async ({ query, req, res }) => {
      const { data, total, nextCursor } = await listUsers(context(req, res), listingOf(query));
      return { status: 200, body: { data: data.map((record) => record.user), total, nextCursor } };
    },
    lookupUser: async ({ query, req, res }) => withETag(res, await lookupUser(context(req, res), userRefOf(query)), 200),
    createUser: async ({ body, req, res }) => {
      const record = await createUserAsAsked(context(req, res), body);
      res.setHeader("Location", `/api/v1/users/${record.user.id}`);
      return withETag(res, record, 201);
    },
    getUser: async ({ params, req, res }) => withETag(res, await getUser(context(req, res), params.id), 200),
    updateUser: async ({ params, body, headers, req, res }) =>
      withETag(res, await updateUser(context(req, res), params.id, body, { ifMatch: headers["if-match"] }), 200),
    deleteUser: async ({ params, query, headers, req, res }) => {
      await deleteUser(context(req, res), params.id, { ifMatch: headers["if-match"], detachResources: query.detachResources });
      return { status: 204, body: undefined };
    },
    activateUser: async ({ params, req, res }) =>
      withETag(res, await setUserStatus(context(req, res), params.id, "active"), 200),
    resetUserPassword: async ({ params, req, res }) => {
      const { password } = await resetPassword(context(req, res), params.id);
      return { status: 200, body: { password } };
    },
    deactivateUser: async ({ params, req, res }) =>
      withETag(res, await setUserStatus(context(req, res), params.id, "deactivated"), 200),
    addUserRole: async ({ params, req, res }) =>
      withETag(res, await addUserRole(context(req, res), params.id, params.role), 200),
    removeUserRole: async ({ params, req, res }) =>
      withETag(res, await removeUserRole(context(req, res), params.id, params.role), 200),
    addUserTags: async ({ params, body, req, res }) =>
      withETag(res, await addUserTags(context(req, res), params.id, body.tags), 200),
    addTagsToUsers: async ({ body, req, res }) => ({ status: 200, body: await addTagsToUsers(context(req, res), body.userIds, body.tags) }),
    removeTagsFromUsers: async ({ body, req, res }) => ({
      status: 200,
      body: await removeTagsFromUsers(context(req, res), body.userIds, body.tags),
    }),
    removeUserTag: async ({ params, req, res }) =>
      withETag(res, await removeUserTag(context(req, res), params.id, params.tag), 200),
  });
};
