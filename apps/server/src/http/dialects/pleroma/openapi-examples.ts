import type { OperationExamples } from "../../shared/openapi-document.ts";

/**
 * Examples on the main operations of the Pleroma dialect, shown in its
 * document and docs page. Each is what the server answers (captured from a
 * real exchange, the secrets replaced); test/openapi.test.ts parses every one
 * with its route's schema, so they cannot drift from the contracts.
 */

const admin = {
  id: 1,
  nickname: "admin",
  deactivated: false,
  local: true,
  roles: { admin: true, moderator: false },
  tags: [],
  display_name: null,
  email: null,
};

const alice = {
  id: 2,
  nickname: "alice",
  deactivated: false,
  local: true,
  roles: { admin: false, moderator: true },
  tags: ["staff"],
  display_name: null,
  email: "alice@example.com",
};

export const PLEROMA_EXAMPLES: Record<string, OperationExamples> = {
  listUsers: {
    parameters: { page: 1, page_size: 2 },
    responses: { 200: { page_size: 2, count: 3, users: [admin, alice] } },
  },
  getUser: {
    parameters: { nickname: "alice" },
    responses: { 200: alice, 404: { error: "Not found" } },
  },
  createUser: {
    request: { nickname: "alice", email: "alice@example.com", password: "a-long-passphrase" },
    responses: { 200: "alice", 409: { error: "nickname has already been taken" } },
  },
  createInviteToken: {
    request: { max_use: 5, expires_at: "2027-01-31" },
    responses: {
      200: {
        id: 1,
        token: "sti_kWQ5J6bba-bXdgauxRIGHNMfT1Tj5KjZz--7LPsDD0I",
        used: false,
        expires_at: "2027-01-31",
        uses: 0,
        max_use: 5,
        invite_type: "reusable_date_limited",
      },
    },
  },
  tagUsers: { request: { nicknames: ["alice"], tags: ["staff"] } },
  addPermissionGroup: {
    parameters: { nickname: "alice", permission_group: "moderator" },
    responses: { 200: { is_moderator: true } },
  },
};
