import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import type { Deps } from "../../services/context.ts";
import { listRoles } from "../../services/roles.ts";

const s = initServer();

export const rolesRoutes = (deps: Deps) =>
  s.router(v1Contract.roles, {
    listRoles: async () => ({ status: 200, body: await listRoles(deps.db) }),
  });
