import type { OperationExamples } from "../shared/openapi-document.ts";

/**
 * Examples on the main operations of `/api/v1`, shown in the document and
 * the docs page. Each is what the server answers (captured from a real
 * exchange, the secrets replaced); test/openapi.test.ts parses every one
 * with its route's schema, so they cannot drift from the contracts.
 */

const ADMIN_ID = "5d62116f-860a-4fd1-9fc0-589520546d25";
const ALICE_ID = "fa1270e1-dc32-41e0-b27e-625fe780fe6f";

const noProfile = { firstName: null, lastName: null, language: null, phone: null, externalId: null, domain: null };
const notRegistered = { inviteId: null, referer: null, server: null };

const admin = {
  id: ADMIN_ID,
  numericId: 1,
  username: "admin",
  email: null,
  displayName: null,
  ...noProfile,
  local: true,
  status: "active",
  tags: [],
  roles: ["admin"],
  directPermissions: [],
  groups: [],
  mfaEnabled: false,
  registration: notRegistered,
  lastLoginAt: "2026-12-07T16:35:26.945Z",
  createdAt: "2026-12-07T16:35:26.664Z",
  updatedAt: "2026-12-07T16:35:26.982Z",
};

const alice = {
  id: ALICE_ID,
  numericId: 2,
  username: "alice",
  email: "alice@example.com",
  displayName: "Alice Martin",
  ...noProfile,
  local: true,
  status: "active",
  tags: ["staff"],
  roles: ["moderator"],
  directPermissions: [],
  groups: [],
  mfaEnabled: false,
  registration: notRegistered,
  lastLoginAt: null,
  createdAt: "2026-12-07T16:35:27.969Z",
  updatedAt: "2026-12-07T16:35:27.969Z",
};

const INVITE_TOKEN = "sti_1A8nDPPUUwGRrXEH51uC3ihfAvxUAJ95-3T5qBnkfAw";

export const V1_EXAMPLES: Record<string, OperationExamples> = {
  login: {
    request: { username: "admin", password: "correct-horse-battery" },
    responses: {
      200: { token: "sts_Wzxxw1N5Ge0QQ1VpIAvpwfu48qIDBhaTgr2bLI1z2xY", expiresAt: "2026-12-08T04:35:26.945Z", user: admin },
      401: {
        type: "https://steward.dev/problems/unauthorized",
        title: "Unauthorized",
        status: 401,
        code: "unauthorized",
        detail: "Wrong username or password",
        reason: "bad_credentials",
        instance: "/api/v1/auth/login",
        requestId: "fab14ffc-abd0-4603-8078-e4e03f334aa2",
      },
    },
  },
  getMe: {
    responses: {
      200: { user: admin, apiKey: null, permissions: ["*"], session: { id: "88a028d1-9d1e-4527-8ae6-2640cfc0f4b9", expiresAt: "2026-12-08T04:35:26.945Z" } },
    },
  },
  listUsers: {
    responses: {
      200: {
        data: [alice],
        total: 2,
        nextCursor: "eyJzIjoiLWNyZWF0ZWRBdCIsInYiOlsiMjAyNi0xMi0wN1QxNjozNToyNy45NjlaIiwiZmExMjcwZTEtZGMzMi00MWUwLWIyN2UtNjI1ZmU3ODBmZTZmIl19",
      },
    },
  },
  createUser: {
    request: { username: "alice", password: "a-long-passphrase", email: "alice@example.com", displayName: "Alice Martin", tags: ["staff"], roles: ["moderator"] },
    responses: {
      201: alice,
      400: {
        type: "https://steward.dev/problems/bad-request",
        title: "Bad request",
        status: 400,
        code: "bad_request",
        detail: "Invalid request: body.username: Use letters, digits, dot, dash and underscore; start with a letter or digit",
        reason: "invalid_request",
        instance: "/api/v1/users",
        requestId: "91a5cc04-8fa4-4c60-ae00-4c7dba6f278a",
        errors: [{ path: "body.username", message: "Use letters, digits, dot, dash and underscore; start with a letter or digit", code: "invalid_string" }],
      },
    },
  },
  getUser: { responses: { 200: alice } },
  updateUser: {
    request: { displayName: "Alice M.", tags: ["staff", "paris"] },
    responses: { 200: { ...alice, displayName: "Alice M.", tags: ["paris", "staff"], updatedAt: "2026-12-07T16:35:28.303Z" } },
  },
  createInvite: {
    request: { kind: "register", email: "bob@example.com", ttlSeconds: 604800 },
    responses: {
      201: {
        id: "bcf277b6-ba8f-445b-94ea-65240190ec63",
        numericId: 1,
        kind: "register",
        state: "pending",
        token: INVITE_TOKEN,
        link: `https://steward.example.com/invite/${INVITE_TOKEN}`,
        tokenHidden: null,
        reusable: false,
        maxUses: null,
        uses: 0,
        expiresAt: "2026-12-14T16:35:28.712Z",
        revokedAt: null,
        revokedReason: null,
        inviter: { id: ADMIN_ID, username: "admin" },
        source: "api/admin",
        email: "bob@example.com",
        targetUsername: null,
        targetUserId: null,
        groups: [],
        createdAt: "2026-12-07T16:35:28.712Z",
      },
    },
  },
  createApiKey: {
    request: { name: "backup-job", permissions: ["users:read"] },
    responses: {
      201: {
        id: "049329b3-abaa-4194-9eae-ddd439ebde83",
        name: "backup-job",
        prefix: "stk_923ySDDE",
        permissions: ["users:read"],
        createdBy: { id: ADMIN_ID, username: "admin" },
        expiresAt: null,
        lastUsedAt: null,
        lastUsedIp: null,
        revokedAt: null,
        createdAt: "2026-12-07T16:35:28.845Z",
        key: "stk_923ySDDE4024SrsMUermoOFucHfWJbSXp9L-LgjlSBA",
      },
    },
  },
};
