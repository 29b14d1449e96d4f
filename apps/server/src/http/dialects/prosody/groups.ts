import { initServer } from "@ts-rest/express";
import { prosodyContract } from "@steward/contracts";
import { createGroup, deleteGroup, getGroup } from "../../../services/groups/groups.ts";
import { listGroups } from "../../../services/groups/list-groups.ts";
import { addGroupMember, removeGroupMember } from "../../../services/groups/members.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { stewardIdFrom } from "./from-prosody.ts";
import { PROSODY_LIST_LIMIT } from "./constants.ts";
import { toProsodyGroup } from "./to-prosody.ts";

const s = initServer();

export const groupsRoutes = ({ context }: HandlerTools) =>
  s.router(prosodyContract.groups, {
    listGroups: async ({ req, res }) => {
      const page = await listGroups(context(req, res), { limit: PROSODY_LIST_LIMIT, sort: "name" });
      return { status: 200, body: page.data.map(toProsodyGroup) };
    },
    createGroup: async ({ body, req, res }) => ({
      status: 200,
      body: toProsodyGroup(await createGroup(context(req, res), { name: body.name, createMuc: body.create_muc ?? false })),
    }),
    getGroupById: async ({ params, req, res }) => ({
      status: 200,
      body: toProsodyGroup(await getGroup(context(req, res), stewardIdFrom(params.id, "group"))),
    }),
    deleteGroup: async ({ params, req, res }) => {
      await deleteGroup(context(req, res), stewardIdFrom(params.id, "group"));
      return { status: 204, body: undefined };
    },
    addGroupMember: async ({ params, req, res }) => {
      await addGroupMember(context(req, res), stewardIdFrom(params.id, "group"), { username: params.username });
      return { status: 204, body: undefined };
    },
    deleteGroupMember: async ({ params, req, res }) => {
      await removeGroupMember(context(req, res), stewardIdFrom(params.id, "group"), { username: params.username });
      return { status: 204, body: undefined };
    },
  });
