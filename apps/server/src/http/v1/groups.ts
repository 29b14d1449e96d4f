import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { createGroup, deleteGroup, getGroup, renameGroup } from "../../services/groups/groups.ts";
import { listGroups } from "../../services/groups/list-groups.ts";
import { addGroupMember, listGroupMembers, listUserGroups, removeGroupMember } from "../../services/groups/members.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const groupsRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.groups, {
    listGroups: async ({ query, req, res }) => ({ status: 200, body: await listGroups(context(req, res), query) }),
    createGroup: async ({ body, req, res }) => {
      const group = await createGroup(context(req, res), body);
      res.setHeader("Location", `/api/v1/groups/${group.id}`);
      return { status: 201, body: group };
    },
    getGroup: async ({ params, req, res }) => ({ status: 200, body: await getGroup(context(req, res), params.id) }),
    updateGroup: async ({ params, body, req, res }) => ({ status: 200, body: await renameGroup(context(req, res), params.id, body) }),
    deleteGroup: async ({ params, req, res }) => {
      await deleteGroup(context(req, res), params.id);
      return { status: 204, body: undefined };
    },
    listGroupMembers: async ({ params, query, req, res }) => ({
      status: 200,
      body: await listGroupMembers(context(req, res), params.id, query),
    }),
    addGroupMember: async ({ params, req, res }) => {
      await addGroupMember(context(req, res), params.id, params.userId);
      return { status: 204, body: undefined };
    },
    removeGroupMember: async ({ params, req, res }) => {
      await removeGroupMember(context(req, res), params.id, params.userId);
      return { status: 204, body: undefined };
    },
    listUserGroups: async ({ params, req, res }) => ({ status: 200, body: await listUserGroups(context(req, res), params.id) }),
  });
