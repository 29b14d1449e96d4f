import type { OperationExamples } from "../../shared/openapi-document.ts";

/**
 * Examples on the main operations of the Pterodactyl dialect, shown in its
 * document and docs page. Each is what the server answers (captured from a
 * real exchange, the secrets replaced); test/openapi.test.ts parses every one
 * with its route's schema, so they cannot drift from the contracts.
 */

const USERS_URL = "https://steward.example.com/api/application/users";

const admin = {
  object: "user",
  attributes: {
    id: 1,
    external_id: null,
    uuid: "f1dfd7b6-8f46-4ca5-8af0-a6a07a149812",
    username: "admin",
    email: "",
    first_name: "",
    last_name: "",
    language: "en",
    root_admin: true,
    "2fa": false,
    created_at: "2026-12-07T19:33:31+00:00",
    updated_at: "2026-12-07T19:33:32+00:00",
  },
};

const alice = {
  object: "user",
  attributes: {
    id: 2,
    external_id: "crm-1042",
    uuid: "676e4f8b-3d9c-4b35-b354-d1ac247344bd",
    username: "alice",
    email: "alice@example.com",
    first_name: "Alice",
    last_name: "Martin",
    language: "en",
    root_admin: false,
    "2fa": false,
    created_at: "2026-12-07T19:33:32+00:00",
    updated_at: "2026-12-07T19:33:32+00:00",
  },
};

const notFound = {
  errors: [{ code: "NotFoundHttpException", status: "404", detail: "The requested resource could not be found on the server." }],
};

export const PTERODACTYL_EXAMPLES: Record<string, OperationExamples> = {
  listUsers: {
    parameters: { page: "1", per_page: "2" },
    responses: {
      200: {
        object: "list",
        data: [admin, alice],
        meta: { pagination: { total: 3, count: 2, per_page: 2, current_page: 1, total_pages: 2, links: { next: `${USERS_URL}?page=2` } } },
      },
    },
  },
  getUser: {
    parameters: { id: "2" },
    responses: { 200: alice, 404: notFound },
  },
  getUserByExternalId: {
    parameters: { external_id: "crm-1042" },
    responses: { 200: alice },
  },
  createUser: {
    request: { email: "alice@example.com", username: "alice", first_name: "Alice", last_name: "Martin", password: "a-long-passphrase", external_id: "crm-1042" },
    responses: {
      201: { ...alice, meta: { resource: `${USERS_URL}/2` } },
      422: {
        errors: [
          { code: "ValidationException", status: "422", detail: "The email must be a valid email address.", meta: { source_field: "email", rule: "email" } },
          {
            code: "ValidationException",
            status: "422",
            detail: "The username must start and end with alpha-numeric characters and contain only letters, numbers, dashes, underscores, and periods.",
            meta: { source_field: "username", rule: "p_username" },
          },
          { code: "ValidationException", status: "422", detail: "The last name field is required.", meta: { source_field: "last_name", rule: "required" } },
        ],
      },
    },
  },
  updateUser: {
    parameters: { id: "2" },
    request: { email: "alice@example.com", username: "alice", first_name: "Alice", last_name: "Moreau", language: "fr" },
    responses: {
      200: { object: "user", attributes: { ...alice.attributes, last_name: "Moreau", language: "fr", updated_at: "2026-12-07T19:33:33+00:00" } },
    },
  },
};
