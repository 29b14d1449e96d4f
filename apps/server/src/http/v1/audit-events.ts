import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { listAuditEvents } from "../../services/audit-events.ts";
import type { Deps } from "../../services/context.ts";
import { serviceContext } from "../context.ts";

const s = initServer();

export const auditEventsRoutes = (deps: Deps) =>
  s.router(v1Contract.auditEvents, {
    listAuditEvents: async ({ query, req, res }) => ({
      status: 200,
      body: await listAuditEvents(serviceContext(deps, req, res), query),
    }),
  });
