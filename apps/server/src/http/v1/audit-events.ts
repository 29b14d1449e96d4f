import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { listAuditEvents } from "../../services/audit-events.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const auditEventsRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.auditEvents, {
    listAuditEvents: async ({ query, req, res }) => ({ status: 200, body: await listAuditEvents(context(req, res), query) }),
  });
