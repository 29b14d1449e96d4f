import type express from "express";
import * as contracts from "@steward/contracts";
import { V1_PREFIX, v1Contract } from "@steward/contracts";
import { buildOpenApiDocument } from "../shared/openapi-document.ts";
import { schemaNamer } from "../shared/openapi-schemas.ts";
import { docsAssetRoutes, docsPage, jsonDocumentRoute } from "../shared/openapi-serve.ts";
import { V1_EXAMPLES } from "./openapi-examples.ts";

/** One tag per resource (the contract's key for it), in the order the docs list them. */
const V1_TAGS: Record<keyof typeof v1Contract, string> = {
  auth: "Signing in and out, and who the caller is.",
  registration: "Self-service sign-up, when the platform's registration policy opens it.",
  me: "The signed-in user's own account: profile, password and live sessions.",
  meChannels: "The signed-in user's channels, with a trash.",
  meAccessTokens: "The signed-in user's access tokens: shared tokens on channels, apps' personal tokens, and checking a token.",
  meBookmarks: "The signed-in user's bookmarks.",
  users: "User accounts: search, create, change, activate and deactivate, roles and tags, delete.",
  roles: "Built-in and custom roles, and the permissions each grants.",
  operators: "Operators: users who hold permissions of their own rather than through roles.",
  settings: "The platform settings document and its migrations.",
  notify: "Notify targets: services told when the platform settings change, and the record of each push.",
  apiKeys: "API keys for machines, each with its own permissions.",
  auditEvents: "The audit log: who changed what, when, through which surface, with the before and after.",
  sessions: "Other users' sign-in sessions: list and end them.",
  serverInfo: "About this server: its name and version.",
  groups: "Groups of users and their members.",
  invites: "Invites to register, and the public pages their links open (read and redeem an invitation).",
  follows: "Who follows whom.",
  relays: "Relays the platform follows.",
  resources: "Resources (servers, mailboxes, ...) attached to users in other systems.",
  mail: "The mail outbox, invitation mails and password-reset mails.",
  mfa: "Two-factor sign-in (TOTP): enrol, confirm, recovery codes, turn off; an operator can turn a user's off.",
};

/**
 * Names the component schemas after the contracts' exports (`UserSchema` is
 * `User`). `LoginResult` would clash with what generators name the result of
 * the `login` operation (orval's `LoginResult`).
 */
const namer = schemaNamer(contracts, { LoginResult: "LoginSession" });

let cached: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of `/api/v1`, generated from the contracts (never hand-written). */
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument(v1Contract, {
    title: "Steward API",
    description:
      "User and access administration. Authenticate with `Authorization: Bearer <token>`, where the token is a session token " +
      "from `POST /auth/login` or an API key. Every error is `application/problem+json` (RFC 9457), with a `code`, a `reason` " +
      "where there is a finer cause, and the request id. Lists are keyset-paginated: pass `nextCursor` back as `cursor`; " +
      "`total` counts every match.",
    basePath: V1_PREFIX,
    pathPrefix: V1_PREFIX,
    tags: V1_TAGS,
    errorContentType: "application/problem+json",
    namer,
    securityDescription: "A session token (from `POST /auth/login`) or an API key.",
    examples: V1_EXAMPLES,
  });
  return cached;
}

/** `GET /api/v1/openapi.json` and a browsable page at `/api/v1/docs` (served offline), with the assets every docs page shares. */
export function openApiRoutes(router: express.Router): void {
  router.get(`${V1_PREFIX}/openapi.json`, ...jsonDocumentRoute(openApiDocument));
  router.get(`${V1_PREFIX}/docs`, ...docsPage("Steward API", `${V1_PREFIX}/openapi.json`));
  docsAssetRoutes(router);
}
