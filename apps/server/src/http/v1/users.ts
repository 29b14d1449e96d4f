import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import type { Deps } from "../../services/context.ts";
import { listUsers } from "../../services/users/list-users.ts";
import { addUserRole, removeUserRole } from "../../services/users/user-roles.ts";
import { etagOf } from "../../services/users/user-view.ts";
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

export const usersRoutes = (deps: Deps) =>
  s.router(v1Contract.users, {
    listUsers: async ({ query }) => ({ status: 200, body: await listUsers(deps.db, query) }),
    lookupUser: async ({ query, req, res }) => {
      const record = await lookupUser(serviceContext(deps, req, res), query);
      res.setHeader("ETag", etagOf(record));
      return { status: 200, body: record.user };
    },
    createUser: async ({ body, req, res }) => {
      const record = await createUser(serviceContext(deps, req, res), body);
      res.setHeader("ETag", etagOf(record));
      res.setHeader("Location", `${req.baseUrl}/api/v1/users/${record.user.id}`);
      return { status: 201, body: record.user };
    },
    getUser: async ({ params, req, res }) => {
      const record = await getUser(serviceContext(deps, req, res), params.id);
      res.setHeader("ETag", etagOf(record));
      return { status: 200, body: record.user };
    },
    updateUser: async ({ params, body, headers, req, res }) => {
      const record = await updateUser(serviceContext(deps, req, res), params.id, body, { ifMatch: headers["if-match"] });
      res.setHeader("ETag", etagOf(record));
      return { status: 200, body: record.user };
    },
    deleteUser: async ({ params, headers, req, res }) => {
      await deleteUser(serviceContext(deps, req, res), params.id, { ifMatch: headers["if-match"] });
      return { status: 204, body: undefined };
    },
    activateUser: async ({ params, req, res }) => ({
      status: 200,
      body: (await setUserStatus(serviceContext(deps, req, res), params.id, "active")).user,
    }),
    deactivateUser: async ({ params, req, res }) => ({
      status: 200,
      body: (await setUserStatus(serviceContext(deps, req, res), params.id, "deactivated")).user,
    }),
    addUserRole: async ({ params, req, res }) => ({
      status: 200,
      body: (await addUserRole(serviceContext(deps, req, res), params.id, params.role)).user,
    }),
    removeUserRole: async ({ params, req, res }) => ({
      status: 200,
      body: (await removeUserRole(serviceContext(deps, req, res), params.id, params.role)).user,
    }),
    addUserTags: async ({ params, body, req, res }) => ({
      status: 200,
      body: (await addUserTags(serviceContext(deps, req, res), params.id, body.tags)).user,
    }),
    removeUserTag: async ({ params, req, res }) => ({
      status: 200,
      body: (await removeUserTag(serviceContext(deps, req, res), params.id, params.tag)).user,
    }),
  });
