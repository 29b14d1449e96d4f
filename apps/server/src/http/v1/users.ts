import type { Response } from "express";
import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import type { Deps } from "../../services/context.ts";
import { listUsers } from "../../services/users/list-users.ts";
import { addUserRole, removeUserRole } from "../../services/users/user-roles.ts";
import { etagOf, type UserRecord } from "../../services/users/user-view.ts";
import {
  addUserTags,
  createUser,
  deleteUser,
  getUser,
  lookupUser,
  removeUserTag,
  setUserStatus,
  updateUser,
} from "../../services/users/users.ts";
import { serviceContext } from "../context.ts";

const s = initServer();

/** Every answer that carries a user carries its ETag, for the next If-Match. */
function withETag<S extends 200 | 201>(res: Response, record: UserRecord, status: S) {
  res.setHeader("ETag", etagOf(record));
  return { status, body: record.user };
}

export const usersRoutes = (deps: Deps) =>
  s.router(v1Contract.users, {
    listUsers: async ({ query }) => ({ status: 200, body: await listUsers(deps.sql, query) }),
    lookupUser: async ({ query, req, res }) => withETag(res, await lookupUser(serviceContext(deps, req, res), query), 200),
    createUser: async ({ body, req, res }) => {
      const record = await createUser(serviceContext(deps, req, res), body);
      res.setHeader("Location", `/api/v1/users/${record.user.id}`);
      return withETag(res, record, 201);
    },
    getUser: async ({ params, req, res }) => withETag(res, await getUser(serviceContext(deps, req, res), params.id), 200),
    updateUser: async ({ params, body, headers, req, res }) =>
      withETag(res, await updateUser(serviceContext(deps, req, res), params.id, body, { ifMatch: headers["if-match"] }), 200),
    deleteUser: async ({ params, headers, req, res }) => {
      await deleteUser(serviceContext(deps, req, res), params.id, { ifMatch: headers["if-match"] });
      return { status: 204, body: undefined };
    },
    activateUser: async ({ params, req, res }) =>
      withETag(res, await setUserStatus(serviceContext(deps, req, res), params.id, "active"), 200),
    deactivateUser: async ({ params, req, res }) =>
      withETag(res, await setUserStatus(serviceContext(deps, req, res), params.id, "deactivated"), 200),
    addUserRole: async ({ params, req, res }) =>
      withETag(res, await addUserRole(serviceContext(deps, req, res), params.id, params.role), 200),
    removeUserRole: async ({ params, req, res }) =>
      withETag(res, await removeUserRole(serviceContext(deps, req, res), params.id, params.role), 200),
    addUserTags: async ({ params, body, req, res }) =>
      withETag(res, await addUserTags(serviceContext(deps, req, res), params.id, body.tags), 200),
    removeUserTag: async ({ params, req, res }) =>
      withETag(res, await removeUserTag(serviceContext(deps, req, res), params.id, params.tag), 200),
  });
