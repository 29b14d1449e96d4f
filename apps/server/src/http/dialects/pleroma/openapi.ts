import { pleromaContract } from "@steward/contracts";
import type { DialectDocument } from "../../shared/dialect-openapi.ts";
import { PLEROMA_EXAMPLES } from "./openapi-examples.ts";

/** Pleroma's admin API as its OpenAPI document tells it (`<base>/openapi.json`, `<base>/docs`). */
export const pleromaDocument: DialectDocument = {
  contract: pleromaContract,
  title: "Pleroma admin API (served by Steward)",
  description:
    "Pleroma's /api/pleroma/admin, served over Steward's accounts, roles, tags, follows, relays, invites and mail. " +
    "Parameters may come in the query string or in a JSON or form body; errors are `{\"error\": \"...\"}`.",
  tags: {
    users: "Accounts: list, create, delete, read, activate and deactivate.",
    invites: "Registration invites: tokens, the list of invites, revoking one, invites by email, password-reset tokens.",
    follows: "Making one user follow or unfollow another.",
    tags: "Tagging and untagging users.",
    permissionGroups: "The `admin` and `moderator` permission groups (Steward's roles of those names).",
    relays: "Relays the instance follows.",
  },
  securityDescription: "A Steward session token or API key of a user holding the `admin` role.",
  examples: PLEROMA_EXAMPLES,
};
