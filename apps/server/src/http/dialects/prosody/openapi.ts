import { prosodyContract } from "@steward/contracts";
import type { DialectDocument } from "../../shared/dialect-openapi.ts";
import { PROSODY_EXAMPLES } from "./openapi-examples.ts";

/** Prosody's mod_http_admin_api as its OpenAPI document tells it (`<base>/openapi.json`, `<base>/docs`). */
export const prosodyDocument: DialectDocument = {
  contract: prosodyContract,
  title: "Prosody administration API (served by Steward)",
  description:
    "Prosody's mod_http_admin_api, served over Steward's accounts, groups, invites and sessions. " +
    "Bodies are JSON whatever their declared content type; errors are `{\"error\", \"text\"}` with Prosody's condition names.",
  tags: {
    users: "Accounts: list, read, update, delete, their groups and debug information.",
    invites: "Invitations: to register an account, to join a group, to reset an account; list, read and revoke them.",
    groups: "Groups and their members.",
    server: "About the server.",
  },
  securityDescription: "A Steward session token or API key.",
  examples: PROSODY_EXAMPLES,
};
