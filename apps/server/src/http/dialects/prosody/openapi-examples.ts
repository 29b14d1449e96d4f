import type { OperationExamples } from "../../shared/openapi-document.ts";

/**
 * Examples on the main operations of the Prosody dialect, shown in its
 * document and docs page. Each is what the server answers (captured from a
 * real exchange, the secrets replaced); test/openapi.test.ts parses every one
 * with its route's schema, so they cannot drift from the contracts.
 */

const STAFF_GROUP_ID = "96e7864b-8e0a-4a35-8e7c-6e13faa3b71c";

const admin = {
  username: "admin",
  display_name: null,
  email: null,
  phone: null,
  groups: [],
  role: "prosody:admin",
  secondary_roles: [],
  enabled: true,
};

const alice = {
  username: "alice",
  display_name: "Alice Martin",
  email: "alice@example.com",
  phone: "+33612345678",
  groups: [STAFF_GROUP_ID],
  role: "prosody:member",
  secondary_roles: [],
  enabled: true,
};

const parisOffice = { id: "5f6940a5-4d59-46b9-a8dc-4d14a0d7e111", name: "Paris office", muc_jid: null };

const INVITE_TOKEN = "sti_H5rFsSYH4ZuojRMHzpnv8BBHUdiWJUPv6zbG3HAgqNs";

export const PROSODY_EXAMPLES: Record<string, OperationExamples> = {
  listUsers: {
    responses: {
      200: [admin, alice],
      401: { error: "not-authorized", text: "Sign in or send an API key as `Authorization: Bearer <token>`" },
    },
  },
  getUser: {
    parameters: { username: "alice" },
    responses: {
      200: alice,
      404: { error: "user-not-found", text: "User not found" },
    },
  },
  updateUser: {
    parameters: { username: "alice" },
    request: { display_name: "Alice M.", groups: [] },
  },
  // Prosody makes accounts through invites: there is no route to create one directly.
  createInviteForAccount: {
    request: { username: "bob", ttl: 604800 },
    responses: {
      200: {
        id: "44c45cc6-4f5f-4261-a9b2-871cb8199850",
        type: "register",
        reusable: false,
        inviter: "admin@example.com",
        jid: "bob@example.com",
        token: INVITE_TOKEN,
        uri: `xmpp:bob@example.com?register;preauth=${INVITE_TOKEN}`,
        landing_page: `https://steward.example.com/invite/${INVITE_TOKEN}`,
        created_at: 1796671994,
        expires: 1797276794,
        groups: [],
        source: "admin_api/admin",
        reset: false,
      },
      409: { error: "conflict", text: "An account already has this username" },
    },
  },
  listGroups: { responses: { 200: [parisOffice, { id: STAFF_GROUP_ID, name: "Staff", muc_jid: null }] } },
  createGroup: { request: { name: "Paris office" }, responses: { 200: parisOffice } },
  getServerInfo: { responses: { 200: { site_name: "Steward", version: "0.1.0" } } },
};
