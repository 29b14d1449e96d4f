import { pterodactylContract } from "@steward/contracts";
import type { DialectDocument } from "../../shared/dialect-openapi.ts";
import { PTERODACTYL_EXAMPLES } from "./openapi-examples.ts";

/** Pterodactyl's application API (users) as its OpenAPI document tells it (`<base>/openapi.json`, `<base>/docs`). */
export const pterodactylDocument: DialectDocument = {
  contract: pterodactylContract,
  title: "Pterodactyl application API, users (served by Steward)",
  description:
    "Pterodactyl Panel's /api/application/users, served over Steward's accounts, roles and attached resources. " +
    "Errors are `{\"errors\": [{code, status, detail}]}` with the Panel's exception names; a refused field is a 422, one entry per field.",
  tags: {
    users: "Panel users (Steward accounts): list with `filter[...]`, read by id or external id, create, update, delete.",
    servers: "Servers: the resources of kind `server` attached to users.",
  },
  securityDescription: "A Steward API key (the Panel's application key) or session token.",
  examples: PTERODACTYL_EXAMPLES,
};
