import type { OperationExamples } from "../../shared/openapi-document.ts";

/**
 * Examples on the main operations of the Pryv.io Admin API dialect, shown in
 * its document and docs page. Each is what the server answers (captured from
 * a real exchange, the secrets replaced); test/openapi.test.ts parses every
 * one with its route's schema, so they cannot drift from the contracts.
 */

const ALL_PERMISSIONS = {
  users: ["read", "create", "delete", "resetPassword", "changePermissions"],
  settings: ["read", "update"],
  platformUsers: ["read", "delete", "modify"],
};

const opsDave = {
  username: "ops-dave",
  permissions: { users: ["read"], settings: ["read", "update"], platformUsers: ["read"] },
};

/** A JWT of the same shape as the server's (HS256, the session in `sid`, the operator in `sub`), its signature made up. */
const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjdmM2M5MWEyIn0." +
  "eyJwZXJtaXNzaW9ucyI6eyJ1c2VycyI6WyJyZWFkIiwiY3JlYXRlIiwiZGVsZXRlIiwicmVzZXRQYXNzd29yZCIsImNoYW5nZVBlcm1pc3Npb25zIl0sInNldHRpbmdzIjpbInJlYWQiLCJ1cGRhdGUiXSwicGxhdGZvcm1Vc2VycyI6WyJyZWFkIiwiZGVsZXRlIiwibW9kaWZ5Il19LCJ1c2VybmFtZSI6ImFkbWluIiwic2lkIjoiM2IxZTZmMGEtOGM1Mi00ZDdlLTlhNDEtMmY1YzhkOWUwYjE3Iiwic3ViIjoiODk1Y2JiNmQtMmZlNS00YzdhLThjMDMtZWJiYjYxMWExNTU0IiwiaWF0IjoxNzk2NjcxODcxLCJleHAiOjE3OTY3MTUwNzF9." +
  "R-HKJXm-MQlr4v9uV1F3SX7plphwgCk64k7Al82PhBY";

export const PRYV_EXAMPLES: Record<string, OperationExamples> = {
  login: {
    parameters: { origin: "https://admin.example.com" },
    request: { username: "admin", password: "correct-horse-battery" },
    responses: {
      200: { token: JWT },
      // A malformed request is plain text, as the real server's validator writes it.
      400: 'Error validating request body. "password" is required.',
      // A refused sign-in is a bare JSON string.
      401: "Authentication failed",
    },
  },
  listAdminUsers: {
    responses: { 200: { users: [{ username: "admin", permissions: ALL_PERMISSIONS }, opsDave] } },
  },
  createAdminUser: {
    request: { username: "ops-dave", password: "a-long-passphrase", permissions: opsDave.permissions },
    responses: {
      201: { user: opsDave },
      409: { error: { message: "Another user already has this username", id: "username_taken" } },
    },
  },
  getAdminUser: {
    parameters: { username: "ops-dave" },
    responses: { 200: { user: opsDave }, 404: "User nobody not found" },
  },
  getPlatformUser: {
    parameters: { username: "alice" },
    responses: {
      200: {
        username: "alice",
        email: "alice@example.com",
        language: "fr",
        invitationToken: null,
        referer: null,
        registeredTimestamp: 1796671873537,
        server: null,
        registeredDate: "Mon, 07 Dec 2026 19:31:13 GMT",
      },
    },
  },
};
