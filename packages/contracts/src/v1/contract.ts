import { apiKeysContract } from "./api-keys.js";
import { auditEventsContract } from "./audit-events.js";
import { authContract } from "./auth.js";
import { followsContract } from "./follows.js";
import { groupsContract } from "./groups.js";
import { invitesContract } from "./invites.js";
import { mailContract } from "./mail.js";
import { meContract } from "./me.js";
import { meAccessTokensContract } from "./me-access-tokens.js";
import { meBookmarksContract } from "./me-bookmarks.js";
import { meChannelsContract } from "./me-channels.js";
import { mfaContract } from "./mfa.js";
import { notifyContract } from "./notify.js";
import { relaysContract } from "./relays.js";
import { resourcesContract } from "./resources.js";
import { operatorsContract } from "./operators.js";
import { settingsContract } from "./settings.js";
import { registrationContract } from "./registration.js";
import { rolesContract } from "./roles.js";
import { serverInfoContract } from "./server-info.js";
import { sessionsContract } from "./sessions.js";
import { usersContract } from "./users.js";
import { userTransferContract } from "./user-transfer.js";

export { V1_PREFIX } from "./prefix.js";

/**
 * The canonical API, mounted at `/api/v1` (each resource's router carries
 * the prefix). Typed by name, resource by resource: the inferred type of the
 * whole API is too large for TypeScript to write into a declaration file.
 */
export type V1Contract = {
  auth: typeof authContract;
  registration: typeof registrationContract;
  me: typeof meContract;
  meChannels: typeof meChannelsContract;
  meAccessTokens: typeof meAccessTokensContract;
  meBookmarks: typeof meBookmarksContract;
  users: typeof userTransferContract & typeof usersContract;
  roles: typeof rolesContract;
  operators: typeof operatorsContract;
  settings: typeof settingsContract;
  notify: typeof notifyContract;
  apiKeys: typeof apiKeysContract;
  auditEvents: typeof auditEventsContract;
  sessions: typeof sessionsContract;
  serverInfo: typeof serverInfoContract;
  groups: typeof groupsContract;
  invites: typeof invitesContract;
  follows: typeof followsContract;
  relays: typeof relaysContract;
  resources: typeof resourcesContract;
  mail: typeof mailContract;
  mfa: typeof mfaContract;
};

export const v1Contract: V1Contract = {
  auth: authContract,
  registration: registrationContract,
  me: meContract,
  meChannels: meChannelsContract,
  meAccessTokens: meAccessTokensContract,
  meBookmarks: meBookmarksContract,
  // The bulk routes first: `/users/import` and `/users/export` are matched before `/users/:id`.
  users: { ...userTransferContract, ...usersContract },
  roles: rolesContract,
  operators: operatorsContract,
  settings: settingsContract,
  notify: notifyContract,
  apiKeys: apiKeysContract,
  auditEvents: auditEventsContract,
  sessions: sessionsContract,
  serverInfo: serverInfoContract,
  groups: groupsContract,
  invites: invitesContract,
  follows: followsContract,
  relays: relaysContract,
  resources: resourcesContract,
  mail: mailContract,
  mfa: mfaContract,
};
