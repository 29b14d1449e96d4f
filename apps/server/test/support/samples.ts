import type { Invite, User } from "@steward/contracts";

/** A user as the API represents one, for converter unit tests: a local active account with nothing set; override what a test is about. */
export function sampleUser(fields: Partial<User> = {}): User {
  return {
    id: "5a0c7d52-3f0e-4c1b-9e7d-0f3b2a1c4d5e",
    numericId: 7,
    username: "alice",
    email: null,
    displayName: null,
    firstName: null,
    lastName: null,
    language: null,
    phone: null,
    externalId: null,
    domain: null,
    local: true,
    status: "active",
    tags: [],
    roles: [],
    directPermissions: [],
    registration: { inviteId: null, referer: null, server: null },
    groups: [],
    mfaEnabled: false,
    lastLoginAt: null,
    createdAt: "2026-11-23T18:07:20.000Z",
    updatedAt: "2026-11-23T18:07:20.000Z",
    ...fields,
  };
}

/** A pending one-use register invite, for converter unit tests; override what a test is about. */
export function sampleInvite(fields: Partial<Invite> = {}): Invite {
  return {
    id: "3c2b1a09-8f7e-4d6c-b5a4-9382716f5e4d",
    numericId: 7,
    kind: "register",
    state: "pending",
    token: "sti_token",
    link: "http://localhost:3000/invite/sti_token",
    tokenHidden: null,
    reusable: false,
    maxUses: null,
    uses: 0,
    expiresAt: null,
    revokedAt: null,
    revokedReason: null,
    inviter: null,
    source: null,
    email: null,
    targetUsername: null,
    targetUserId: null,
    groups: [],
    createdAt: "2026-11-23T18:07:20.000Z",
    ...fields,
  };
}
