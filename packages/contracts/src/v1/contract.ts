import { initContract } from "@ts-rest/core";
import { apiKeysContract } from "./api-keys.js";
import { auditEventsContract } from "./audit-events.js";
import { authContract } from "./auth.js";
import { groupsContract } from "./groups.js";
import { invitesContract } from "./invites.js";
import { mailContract } from "./mail.js";
import { rolesContract } from "./roles.js";
import { serverInfoContract } from "./server-info.js";
import { sessionsContract } from "./sessions.js";
import { usersContract } from "./users.js";

const c = initContract();

export const V1_PREFIX = "/api/v1";

/** The canonical API, mounted at `/api/v1`. */
export const v1Contract = c.router(
  {
    auth: authContract,
    users: usersContract,
    roles: rolesContract,
    apiKeys: apiKeysContract,
    auditEvents: auditEventsContract,
    sessions: sessionsContract,
    serverInfo: serverInfoContract,
    groups: groupsContract,
    invites: invitesContract,
    mail: mailContract,
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);
export type V1Contract = typeof v1Contract;
