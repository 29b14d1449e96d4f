import type { AppRoute } from "@ts-rest/core";
import { pryvContract } from "@steward/contracts";
import type { DialectDocument } from "../../shared/dialect-openapi.ts";
import { PRYV_EXAMPLES } from "./openapi-examples.ts";

/** Pryv.io's Admin API 1.9 as its OpenAPI document tells it (`<base>/openapi.json`, `<base>/docs`). */
export const pryvDocument: DialectDocument = {
  contract: pryvContract,
  title: "Pryv.io Admin API 1.9 (served by Steward)",
  description:
    "Pryv.io's config-leader admin API: admin users (Steward operators), platform settings, notify, settings migrations, platform users. " +
    "Errors are `{\"error\": {\"message\"}}` (some a bare JSON string, as the real server answers them); a malformed request is a plain-text 400.",
  tags: {
    auth: "Signing in and out (JWTs).",
    adminUsers: "Admin users (Steward operators) and their permissions.",
    settings: "Platform settings, pushing them to the services, and settings migrations.",
    platformUsers: "Platform users (Steward accounts).",
  },
  // The contract is flat, as the real API's paths are: its first segment says the resource.
  tagOf: (route: AppRoute) => {
    const [, first] = route.path.split("/");
    return ({ auth: "auth", users: "adminUsers", admin: "settings", "platform-users": "platformUsers" } as Record<string, string>)[first!] ?? first!;
  },
  securityDescription: "The JWT from `/auth/login`, as the whole `Authorization` header (Steward also takes it after `Bearer`).",
  examples: PRYV_EXAMPLES,
};
