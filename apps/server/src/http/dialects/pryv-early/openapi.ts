import type { AppRoute } from "@ts-rest/core";
import { pryvEarlyContract } from "@steward/contracts";
import type { DialectDocument } from "../../shared/dialect-openapi.ts";
import { PRYV_EARLY_EXAMPLES } from "./openapi-examples.ts";

/** Where its OpenAPI document and docs page are: under `/admin`, as the Pryv Admin API 1.9 has `/openapi.json` and `/docs` when both share `/pryv`. */
export const PRYV_EARLY_DOCUMENT_PATH = "/admin/openapi.json";
export const PRYV_EARLY_DOCS_PATH = "/admin/docs";

const TAG_OF_SEGMENT: Record<string, string> = {
  login: "session",
  logout: "session",
  "user-info": "account",
  "change-password": "account",
  "get-my-token": "tokens",
  tokens: "tokens",
  bookmarks: "bookmarks",
  channels: "channels",
};

/** The early Pryv admin methods as their OpenAPI document tells them (`<base>/admin/openapi.json`, `<base>/admin/docs`). */
export const pryvEarlyDocument: DialectDocument = {
  contract: pryvEarlyContract,
  title: "Early Pryv admin methods (served by Steward)",
  description:
    "An account administering itself: its information and password, its apps' personal tokens, shared tokens on its channels, bookmarks, channels with a trash. " +
    "Every answer carries `Server-Time`; errors are `{\"error\": {\"id\", \"message\"}}`.",
  tags: {
    session: "Opening and ending a session.",
    account: "The account's information and password.",
    tokens: "The app's personal token and shared tokens on channels.",
    bookmarks: "Bookmarks.",
    channels: "Channels, with a trash.",
  },
  // The contract is flat, as the real methods' paths are: `/admin/<resource>...`.
  tagOf: (route: AppRoute) => {
    const segment = route.path.split("/")[2]!;
    return TAG_OF_SEGMENT[segment] ?? segment;
  },
  securityDescription: "The session id from `/admin/login`, as the whole `Authorization` header (Steward also takes it after `Bearer`).",
  path: PRYV_EARLY_DOCUMENT_PATH,
  docsPath: PRYV_EARLY_DOCS_PATH,
  examples: PRYV_EARLY_EXAMPLES,
};
