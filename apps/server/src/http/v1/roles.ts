import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { listRoles } from "../../services/roles.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const rolesRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.roles, {
    listRoles: async ({ req, res }) => ({ status: 200, body: await listRoles(context(req, res)) }),
  });
