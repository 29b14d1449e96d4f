import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { createRole } from "../../services/roles/create-role.ts";
import { deleteRole } from "../../services/roles/delete-role.ts";
import { getRole, listRoles } from "../../services/roles/roles.ts";
import { updateRole } from "../../services/roles/update-role.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const rolesRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.roles, {
    listRoles: async ({ req, res }) => ({ status: 200, body: await listRoles(context(req, res)) }),
    getRole: async ({ params, req, res }) => ({ status: 200, body: await getRole(context(req, res), params.id) }),
    createRole: async ({ body, req, res }) => {
      const role = await createRole(context(req, res), body);
      res.setHeader("Location", `/api/v1/roles/${role.id}`);
      return { status: 201, body: role };
    },
    updateRole: async ({ params, body, req, res }) => ({ status: 200, body: await updateRole(context(req, res), params.id, body) }),
    deleteRole: async ({ params, req, res }) => {
      await deleteRole(context(req, res), params.id);
      return { status: 204, body: undefined };
    },
  });
