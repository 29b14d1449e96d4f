import { isZodType } from "@ts-rest/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, expectProblem, startTestServer, writeCounts, type TestServer } from "./harness.ts";
import { SURFACES } from "./support/contract-check.ts";
import { routesOf } from "./support/contract-routes.ts";

let t: TestServer;
let userId: string;
let keyId: string;
let groupId: string;
let invite: { id: string; token: string };
beforeAll(async () => {
  t = await startTestServer();
  userId = (await createUser(t, { username: "victim", email: "victim@example.org" })).id;
  keyId = (await t.api("POST", "/api/v1/api-keys", { body: { name: "k", permissions: ["users:read"] } })).body.id;
  groupId = (await t.api("POST", "/api/v1/groups", { body: { name: "victims" } })).body.id;
  invite = (await t.api("POST", "/api/v1/invites", { body: { kind: "group", newGroup: { name: "victims" } } })).body;
});
afterAll(() => t?.close());

const HUGE = "x".repeat(20_000);
/** A well-formed user id: bodies are built before any user exists, and bad input is refused before it is looked up. */
const ANY_ID = "00000000-0000-4000-8000-000000000000";
const MALFORMED = '{"username": "a",';
/** A keyset cursor as the server writes one: base64url JSON of the sort and the last row's values. */
const cursor = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");

interface Case {
  name: string;
  method: string;
  path: () => string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** null: no token at all (routes anyone may call). */
  token?: null;
  status: number;
  /** The field error path expected, when the API can name one. */
  field?: string;
}

const cases: Case[] = [
  // sign-in
  { name: "login without fields", method: "POST", path: () => "/api/v1/auth/login", body: {}, status: 400, field: "body.username" },
  { name: "login with a number as password", method: "POST", path: () => "/api/v1/auth/login", body: { username: "a", password: 5 }, status: 400, field: "body.password" },
  { name: "login with an unknown field", method: "POST", path: () => "/api/v1/auth/login", body: { username: "a", password: "b", remember: true }, status: 400, field: "body" },
  { name: "login with a huge username", method: "POST", path: () => "/api/v1/auth/login", body: { username: HUGE, password: "b" }, status: 400, field: "body.username" },
  { name: "login with malformed JSON", method: "POST", path: () => "/api/v1/auth/login", rawBody: MALFORMED, headers: { "content-type": "application/json" }, status: 400 },
  { name: "login as a form", method: "POST", path: () => "/api/v1/auth/login", rawBody: "username=a&password=b", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415 },
  // users
  { name: "create user without username", method: "POST", path: () => "/api/v1/users", body: { email: "a@b.co" }, status: 400, field: "body.username" },
  { name: "create user with a numeric username", method: "POST", path: () => "/api/v1/users", body: { username: 42 }, status: 400, field: "body.username" },
  { name: "create user with spaces in username", method: "POST", path: () => "/api/v1/users", body: { username: "a b" }, status: 400, field: "body.username" },
  { name: "create user with an invalid email", method: "POST", path: () => "/api/v1/users", body: { username: "ok", email: "not-an-email" }, status: 400, field: "body.email" },
  { name: "create user with a short password (the platform's policy, in the use case)", method: "POST", path: () => "/api/v1/users", body: { username: "ok", password: "short" }, status: 422, field: "body.password" },
  { name: "create user with an unknown field", method: "POST", path: () => "/api/v1/users", body: { username: "ok", isAdmin: true }, status: 400, field: "body" },
  { name: "create user with a huge display name", method: "POST", path: () => "/api/v1/users", body: { username: "ok", displayName: HUGE }, status: 400, field: "body.displayName" },
  { name: "create user with tags as a string", method: "POST", path: () => "/api/v1/users", body: { username: "ok", tags: "a,b" }, status: 400, field: "body.tags" },
  { name: "create user with an invalid status", method: "POST", path: () => "/api/v1/users", body: { username: "ok", status: "banned" }, status: 400, field: "body.status" },
  { name: "create user with malformed JSON", method: "POST", path: () => "/api/v1/users", rawBody: MALFORMED, headers: { "content-type": "application/json" }, status: 400 },
  { name: "create user with a JSON string body", method: "POST", path: () => "/api/v1/users", rawBody: '"victim"', headers: { "content-type": "application/json" }, status: 400 },
  { name: "create user with an array body", method: "POST", path: () => "/api/v1/users", body: [{ username: "ok" }], status: 400 },
  { name: "create user as text", method: "POST", path: () => "/api/v1/users", rawBody: "username=ok", headers: { "content-type": "text/plain" }, status: 415 },
  { name: "create user with a body over 100 kB", method: "POST", path: () => "/api/v1/users", body: { username: "ok", displayName: "y".repeat(200_000) }, status: 413 },
  { name: "get user by a non-uuid", method: "GET", path: () => "/api/v1/users/not-a-uuid", status: 400, field: "path.id" },
  { name: "patch user with a wrong type", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { firstName: 7 }, status: 400, field: "body.firstName" },
  { name: "patch user with an unknown field", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { passwordHash: "x" }, status: 400, field: "body" },
  { name: "patch user status directly", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { status: "deactivated" }, status: 400, field: "body" },
  { name: "patch user with a huge value", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { lastName: HUGE }, status: 400, field: "body.lastName" },
  { name: "patch user with malformed JSON", method: "PATCH", path: () => `/api/v1/users/${userId}`, rawBody: MALFORMED, headers: { "content-type": "application/json" }, status: 400 },
  { name: "patch user with an empty username", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { username: "" }, status: 400, field: "body.username" },
  { name: "patch user by a non-uuid", method: "PATCH", path: () => "/api/v1/users/123", body: { firstName: "x" }, status: 400, field: "path.id" },
  { name: "patch user with a huge If-Match", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { firstName: "x" }, headers: { "if-match": HUGE.slice(0, 500) }, status: 400, field: "header.if-match" },
  { name: "delete user by a non-uuid", method: "DELETE", path: () => "/api/v1/users/'; DROP TABLE users; --", status: 400, field: "path.id" },
  { name: "activate a non-uuid", method: "POST", path: () => "/api/v1/users/xyz/activate", status: 400, field: "path.id" },
  { name: "grant a role with a huge name", method: "PUT", path: () => `/api/v1/users/${userId}/roles/${"r".repeat(100)}`, status: 400, field: "path.role" },
  { name: "add tags without tags", method: "POST", path: () => `/api/v1/users/${userId}/tags`, body: {}, status: 400, field: "body.tags" },
  { name: "add an empty list of tags", method: "POST", path: () => `/api/v1/users/${userId}/tags`, body: { tags: [] }, status: 400, field: "body.tags" },
  { name: "add a tag with a space", method: "POST", path: () => `/api/v1/users/${userId}/tags`, body: { tags: ["a b"] }, status: 400, field: "body.tags.0" },
  { name: "tag users without ids", method: "POST", path: () => "/api/v1/users/tags", body: { tags: ["x"] }, status: 400, field: "body.userIds" },
  { name: "tag users by a non-uuid", method: "POST", path: () => "/api/v1/users/tags", body: { userIds: ["victim"], tags: ["x"] }, status: 400, field: "body.userIds.0" },
  { name: "tag over 500 users", method: "POST", path: () => "/api/v1/users/tags", body: { userIds: Array(501).fill(ANY_ID), tags: ["x"] }, status: 400, field: "body.userIds" },
  { name: "tag users with a comma in a tag", method: "POST", path: () => "/api/v1/users/tags", body: { userIds: [ANY_ID], tags: ["a,b"] }, status: 400, field: "body.tags.0" },
  { name: "untag users with an empty list of tags", method: "POST", path: () => "/api/v1/users/tags/remove", body: { userIds: [ANY_ID], tags: [] }, status: 400, field: "body.tags" },
  { name: "untag users with an unknown field", method: "POST", path: () => "/api/v1/users/tags/remove", body: { userIds: [ANY_ID], tags: ["x"], everyone: true }, status: 400, field: "body" },
  { name: "remove a tag with a comma", method: "DELETE", path: () => `/api/v1/users/${userId}/tags/a,b`, status: 400, field: "path.tag" },
  // listing
  { name: "list with limit 0", method: "GET", path: () => "/api/v1/users?limit=0", status: 400, field: "query.limit" },
  { name: "list with limit 10000", method: "GET", path: () => "/api/v1/users?limit=10000", status: 400, field: "query.limit" },
  { name: "list with a word as limit", method: "GET", path: () => "/api/v1/users?limit=ten", status: 400, field: "query.limit" },
  { name: "list with an unknown status", method: "GET", path: () => "/api/v1/users?status=banned", status: 400, field: "query.status" },
  { name: "list with local=maybe", method: "GET", path: () => "/api/v1/users?local=maybe", status: 400, field: "query.local" },
  { name: "list sorted by a secret", method: "GET", path: () => "/api/v1/users?sort=passwordHash", status: 400, field: "query.sort" },
  { name: "list with an unknown parameter", method: "GET", path: () => "/api/v1/users?admin=true", status: 400, field: "query" },
  { name: "list with a huge search", method: "GET", path: () => `/api/v1/users?q=${"q".repeat(300)}`, status: 400, field: "query.q" },
  { name: "list with an empty name", method: "GET", path: () => "/api/v1/users?name=", status: 400, field: "query.name" },
  { name: "list with a huge domain", method: "GET", path: () => `/api/v1/users?domain=${"d".repeat(300)}`, status: 400, field: "query.domain" },
  { name: "list with a non-uuid group", method: "GET", path: () => "/api/v1/users?group=ops", status: 400, field: "query.group" },
  { name: "list with a garbage cursor", method: "GET", path: () => "/api/v1/users?cursor=garbage", status: 400, field: "query.cursor" },
  { name: "list with a huge cursor", method: "GET", path: () => `/api/v1/users?cursor=${"A".repeat(2000)}`, status: 400, field: "query.cursor" },
  { name: "list with status twice", method: "GET", path: () => "/api/v1/users?status=active&status=deactivated", status: 400, field: "query.status" },
  { name: "lookup with an unknown parameter", method: "GET", path: () => "/api/v1/users/lookup?phone=1", status: 400 },
  // API keys
  { name: "create key without name", method: "POST", path: () => "/api/v1/api-keys", body: { permissions: ["users:read"] }, status: 400, field: "body.name" },
  { name: "create key with a blank name", method: "POST", path: () => "/api/v1/api-keys", body: { name: "   ", permissions: ["users:read"] }, status: 400, field: "body.name" },
  { name: "create key with an unknown permission", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: ["users:eat"] }, status: 400, field: "body.permissions.0" },
  { name: "create key with no permissions", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: [] }, status: 400, field: "body.permissions" },
  { name: "create key with a bad expiry", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: ["users:read"], expiresAt: "tomorrow" }, status: 400, field: "body.expiresAt" },
  { name: "create key expiring in the past", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: ["users:read"], expiresAt: "2001-01-01T00:00:00Z" }, status: 422, field: "body.expiresAt" },
  { name: "create key with an unknown field", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: ["users:read"], key: "stk_mine" }, status: 400, field: "body" },
  { name: "list keys with includeRevoked=yes", method: "GET", path: () => "/api/v1/api-keys?includeRevoked=yes", status: 400, field: "query.includeRevoked" },
  { name: "list keys with a garbage cursor", method: "GET", path: () => "/api/v1/api-keys?cursor=eyJ4IjoxfQ", status: 400, field: "query.cursor" },
  { name: "revoke key by a non-uuid", method: "DELETE", path: () => "/api/v1/api-keys/abc", status: 400, field: "path.id" },
  { name: "get key by a non-uuid", method: "GET", path: () => `/api/v1/api-keys/${keyId}x`, status: 400, field: "path.id" },
  // sessions
  { name: "list sessions with limit 1000", method: "GET", path: () => `/api/v1/users/${userId}/sessions?limit=1000`, status: 400, field: "query.limit" },
  { name: "list sessions with an unknown parameter", method: "GET", path: () => `/api/v1/users/${userId}/sessions?all=true`, status: 400, field: "query" },
  { name: "list sessions with a cursor of another list", method: "GET", path: () => `/api/v1/users/${userId}/sessions?cursor=${cursor({ s: "-id", v: ["1"] })}`, status: 400, field: "query.cursor" },
  { name: "list sessions with a cursor holding an impossible date", method: "GET", path: () => `/api/v1/users/${userId}/sessions?cursor=${cursor({ s: "-createdAt", v: ["2020-02-30T00:00:00Z", userId] })}`, status: 400, field: "query.cursor" },
  { name: "end a session by a non-uuid", method: "DELETE", path: () => `/api/v1/users/${userId}/sessions/current`, status: 400, field: "path.sessionId" },
  { name: "end the sessions of a non-uuid", method: "DELETE", path: () => "/api/v1/users/everyone/sessions", status: 400, field: "path.id" },
  // groups
  { name: "create group without a name", method: "POST", path: () => "/api/v1/groups", body: {}, status: 400, field: "body.name" },
  { name: "create group with a huge name", method: "POST", path: () => "/api/v1/groups", body: { name: HUGE }, status: 400, field: "body.name" },
  { name: "create group with an unknown field", method: "POST", path: () => "/api/v1/groups", body: { name: "g", mucJid: "x@y" }, status: 400, field: "body" },
  { name: "rename group to a blank name", method: "PATCH", path: () => `/api/v1/groups/${groupId}`, body: { name: " " }, status: 400, field: "body.name" },
  { name: "get group by a non-uuid", method: "GET", path: () => "/api/v1/groups/ops", status: 400, field: "path.id" },
  { name: "add a non-uuid member", method: "PUT", path: () => `/api/v1/groups/${groupId}/members/victim`, status: 400, field: "path.userId" },
  { name: "add the victim to an unknown group", method: "PUT", path: () => `/api/v1/groups/00000000-0000-4000-8000-000000000000/members/${userId}`, status: 404 },
  { name: "list groups with a garbage cursor", method: "GET", path: () => "/api/v1/groups?cursor=garbage", status: 400, field: "query.cursor" },
  { name: "list groups with a cursor holding an impossible date", method: "GET", path: () => `/api/v1/groups?sort=createdAt&cursor=${cursor({ s: "createdAt", v: ["2020-02-30T00:00:00.000Z", groupId] })}`, status: 400, field: "query.cursor" },
  { name: "list members with a cursor holding a NUL", method: "GET", path: () => `/api/v1/groups/${groupId}/members?cursor=${cursor({ s: "username", v: ["a\u0000"] })}`, status: 400, field: "query.cursor" },
  // follows
  { name: "follow oneself", method: "PUT", path: () => `/api/v1/users/${userId}/following/${userId}`, status: 422 },
  { name: "follow a non-uuid", method: "PUT", path: () => `/api/v1/users/${userId}/following/admin`, status: 400, field: "path.targetId" },
  { name: "follow an unknown user", method: "PUT", path: () => `/api/v1/users/${userId}/following/00000000-0000-4000-8000-000000000000`, status: 404 },
  { name: "unfollow as a non-uuid", method: "DELETE", path: () => `/api/v1/users/victim/following/${userId}`, status: 400, field: "path.id" },
  { name: "list following with limit 1000", method: "GET", path: () => `/api/v1/users/${userId}/following?limit=1000`, status: 400, field: "query.limit" },
  { name: "list followers with a cursor holding a NUL", method: "GET", path: () => `/api/v1/users/${userId}/followers?cursor=${cursor({ s: "username", v: ["a\u0000"] })}`, status: 400, field: "query.cursor" },
  { name: "list followers with a cursor of another sort", method: "GET", path: () => `/api/v1/users/${userId}/followers?cursor=${cursor({ s: "-createdAt", v: ["2020-01-01T00:00:00.000Z", userId] })}`, status: 400, field: "query.cursor" },
  // relays
  { name: "follow a relay without a url", method: "POST", path: () => "/api/v1/relays", body: {}, status: 400, field: "body.url" },
  { name: "follow an ftp relay", method: "POST", path: () => "/api/v1/relays", body: { url: "ftp://relay.example" }, status: 400, field: "body.url" },
  { name: "follow a javascript: relay", method: "POST", path: () => "/api/v1/relays", body: { url: "javascript:alert(1)" }, status: 400, field: "body.url" },
  { name: "follow a relay with credentials", method: "POST", path: () => "/api/v1/relays", body: { url: "https://user:pass@relay.example" }, status: 400, field: "body.url" },
  { name: "follow a relay with a huge url", method: "POST", path: () => "/api/v1/relays", body: { url: `https://relay.example/${HUGE}` }, status: 400, field: "body.url" },
  { name: "unfollow a relay by a non-uuid", method: "DELETE", path: () => "/api/v1/relays/https%3A%2F%2Frelay.example", status: 400, field: "path.id" },
  // audit
  { name: "audit with a bad since", method: "GET", path: () => "/api/v1/audit-events?since=yesterday", status: 400, field: "query.since" },
  { name: "audit with a garbage cursor", method: "GET", path: () => "/api/v1/audit-events?cursor=WyIxIl0", status: 400, field: "query.cursor" },
  { name: "audit with an unknown parameter", method: "GET", path: () => "/api/v1/audit-events?who=me", status: 400, field: "query" },
  // invites
  { name: "create invite without kind", method: "POST", path: () => "/api/v1/invites", body: {}, status: 400, field: "body.kind" },
  { name: "create invite of an unknown kind", method: "POST", path: () => "/api/v1/invites", body: { kind: "admin" }, status: 400, field: "body.kind" },
  { name: "create invite with a ttl as text", method: "POST", path: () => "/api/v1/invites", body: { kind: "register", ttlSeconds: "60" }, status: 400, field: "body.ttlSeconds" },
  { name: "create invite with a ttl over ten years", method: "POST", path: () => "/api/v1/invites", body: { kind: "register", ttlSeconds: 3651 * 24 * 3600 }, status: 400, field: "body.ttlSeconds" },
  { name: "create invite with a ttl over the settings' longest (a year)", method: "POST", path: () => "/api/v1/invites", body: { kind: "register", ttlSeconds: 400 * 24 * 3600 }, status: 422, field: "body.ttlSeconds" },
  { name: "create invite with a group id that is no uuid", method: "POST", path: () => "/api/v1/invites", body: { kind: "group", groupIds: ["ops"] }, status: 400, field: "body.groupIds.0" },
  { name: "create invite with a huge source", method: "POST", path: () => "/api/v1/invites", body: { kind: "register", source: HUGE }, status: 400, field: "body.source" },
  { name: "create invite with its own token", method: "POST", path: () => "/api/v1/invites", body: { kind: "register", token: "sti_mine" }, status: 400, field: "body" },
  { name: "create invite with maxUses 0", method: "POST", path: () => "/api/v1/invites", body: { kind: "group", newGroup: { name: "g" }, maxUses: 0 }, status: 400, field: "body.maxUses" },
  { name: "create a group invite with no group", method: "POST", path: () => "/api/v1/invites", body: { kind: "group" }, status: 422, field: "body.groupIds" },
  { name: "create a reset invite with groups", method: "POST", path: () => "/api/v1/invites", body: { kind: "reset", targetUsername: "victim", newGroup: { name: "g" } }, status: 422, field: "body.newGroup" },
  { name: "list invites in an unknown state", method: "GET", path: () => "/api/v1/invites?state=active", status: 400, field: "query.state" },
  { name: "list invites with limit 1000", method: "GET", path: () => "/api/v1/invites?limit=1000", status: 400, field: "query.limit" },
  { name: "list invites with a cursor holding an impossible date", method: "GET", path: () => `/api/v1/invites?cursor=${cursor({ s: "-createdAt", v: ["2020-02-30T00:00:00Z", invite.id] })}`, status: 400, field: "query.cursor" },
  { name: "get invite by a non-uuid", method: "GET", path: () => "/api/v1/invites/sti_token-instead", status: 400, field: "path.id" },
  { name: "revoke invite by a non-uuid", method: "DELETE", path: () => `/api/v1/invites/${invite.id}x`, status: 400, field: "path.id" },
  // mail
  { name: "email an invite without an address", method: "POST", path: () => "/api/v1/invites/email", body: {}, status: 400, field: "body.email" },
  { name: "email an invite to something that is no address", method: "POST", path: () => "/api/v1/invites/email", body: { email: "ada at example" }, status: 400, field: "body.email" },
  { name: "email an invite with a huge name", method: "POST", path: () => "/api/v1/invites/email", body: { email: "ada@example.org", name: HUGE }, status: 400, field: "body.name" },
  { name: "email an invite with a kind", method: "POST", path: () => "/api/v1/invites/email", body: { email: "ada@example.org", kind: "group" }, status: 400, field: "body" },
  { name: "email a reset to a non-uuid user", method: "POST", path: () => "/api/v1/users/subject/password-reset", status: 400, field: "path.id" },
  { name: "email a reset to no user", method: "POST", path: () => "/api/v1/users/00000000-0000-4000-8000-000000000000/password-reset", status: 404 },
  { name: "list the outbox in an unknown status", method: "GET", path: () => "/api/v1/outbox?status=lost", status: 400, field: "query.status" },
  { name: "list the outbox with limit 1000", method: "GET", path: () => "/api/v1/outbox?limit=1000", status: 400, field: "query.limit" },
  { name: "list the outbox with a cursor of another list", method: "GET", path: () => `/api/v1/outbox?cursor=${cursor({ s: "username", v: ["a", userId] })}`, status: 400, field: "query.cursor" },
  { name: "retry a message by a non-uuid", method: "POST", path: () => "/api/v1/outbox/first/retry", status: 400, field: "path.id" },
  { name: "retry no message", method: "POST", path: () => "/api/v1/outbox/00000000-0000-4000-8000-000000000000/retry", status: 404 },
  // invitation links (public)
  { name: "read an invitation by a 201-character token", method: "GET", path: () => `/api/v1/invitations/${"t".repeat(201)}`, token: null, status: 400, field: "path.token" },
  { name: "read an invitation by a token holding an encoded NUL", method: "GET", path: () => "/api/v1/invitations/sti_%00", token: null, status: 400, field: "path.token" },
  { name: "read an invitation by an unknown token", method: "GET", path: () => "/api/v1/invitations/sti_unknown", token: null, status: 404 },
  { name: "redeem without a password", method: "POST", path: () => `/api/v1/invitations/${invite.token}`, token: null, body: { username: "joiner" }, status: 400, field: "body.password" },
  { name: "redeem with a short password (the platform's policy, in the use case)", method: "POST", path: () => `/api/v1/invitations/${invite.token}`, token: null, body: { username: "joiner", password: "short" }, status: 422, field: "body.password" },
  { name: "redeem with a huge username", method: "POST", path: () => `/api/v1/invitations/${invite.token}`, token: null, body: { username: HUGE, password: "long-enough" }, status: 400, field: "body.username" },
  { name: "redeem with a role", method: "POST", path: () => `/api/v1/invitations/${invite.token}`, token: null, body: { username: "joiner", password: "long-enough", roles: ["admin"] }, status: 400, field: "body" },
  { name: "redeem with a number as username", method: "POST", path: () => `/api/v1/invitations/${invite.token}`, token: null, body: { username: 7, password: "long-enough" }, status: 400, field: "body.username" },
  { name: "redeem without a username (422: the invite makes an account)", method: "POST", path: () => `/api/v1/invitations/${invite.token}`, token: null, body: { password: "long-enough" }, status: 422, field: "body.username" },
  { name: "redeem a taken username", method: "POST", path: () => `/api/v1/invitations/${invite.token}`, token: null, body: { username: "VICTIM", password: "long-enough" }, status: 409, field: "body.username" },
  { name: "redeem an unknown token", method: "POST", path: () => "/api/v1/invitations/sti_unknown", token: null, body: { username: "joiner", password: "long-enough" }, status: 404 },
  // text the database cannot hold: NUL and unpaired UTF-16 surrogates
  { name: "list with a NUL in the search", method: "GET", path: () => "/api/v1/users?q=%00", status: 400, field: "query.q" },
  { name: "login with a NUL in the username", method: "POST", path: () => "/api/v1/auth/login", token: null, body: { username: "adm\u0000in", password: "x" }, status: 400, field: "body.username" },
  { name: "patch user with a NUL in the display name", method: "PATCH", path: () => `/api/v1/users/${userId}`, body: { displayName: "a\u0000b" }, status: 400, field: "body.displayName" },
  { name: "add a tag that is an unpaired surrogate", method: "POST", path: () => `/api/v1/users/${userId}/tags`, body: { tags: ["\ud800"] }, status: 400, field: "body.tags.0" },
  { name: "remove a tag holding an encoded NUL", method: "DELETE", path: () => `/api/v1/users/${userId}/tags/a%00b`, status: 400, field: "path.tag" },
  { name: "grant a role holding an encoded NUL", method: "PUT", path: () => `/api/v1/users/${userId}/roles/admin%00`, status: 400, field: "path.role" },
  { name: "lookup a username holding a NUL", method: "GET", path: () => "/api/v1/users/lookup?username=victim%00", status: 400, field: "query.username" },
  { name: "audit with a NUL in the action", method: "GET", path: () => "/api/v1/audit-events?action=user.%00", status: 400, field: "query.action" },
  // percent-encoding in the path that decodes to no text
  { name: "get user with malformed percent-encoding in the id", method: "GET", path: () => "/api/v1/users/%E0%A4%A", status: 400 },
  { name: "remove a tag encoded as an unpaired surrogate", method: "DELETE", path: () => `/api/v1/users/${userId}/tags/%ED%A0%80`, status: 400 },
  // timestamps that are no real instant, or one the database cannot store
  { name: "audit since an offset of +99:99", method: "GET", path: () => "/api/v1/audit-events?since=2020-01-01T00:00:00%2B99:99", status: 400, field: "query.since" },
  { name: "audit since the year 0000", method: "GET", path: () => "/api/v1/audit-events?since=0000-01-01T00:00:00Z", status: 400, field: "query.since" },
  { name: "audit until an instant past the year 9999", method: "GET", path: () => "/api/v1/audit-events?until=9999-12-31T23:00:00-02:00", status: 400, field: "query.until" },
  { name: "audit since the 30th of February", method: "GET", path: () => "/api/v1/audit-events?since=2021-02-30T00:00:00Z", status: 400, field: "query.since" },
  { name: "create key expiring at an offset of +99:99", method: "POST", path: () => "/api/v1/api-keys", body: { name: "k", permissions: ["users:read"], expiresAt: "9999-12-31T23:59:59+99:99" }, status: 400, field: "body.expiresAt" },
  // forged cursors whose values would reach SQL unreadable
  { name: "list users with a cursor holding an impossible date", method: "GET", path: () => `/api/v1/users?cursor=${cursor({ s: "-createdAt", v: ["2020-02-30T00:00:00Z", "00000000-0000-0000-0000-000000000000"] })}`, status: 400, field: "query.cursor" },
  { name: "list users by number with a cursor past int4", method: "GET", path: () => `/api/v1/users?sort=numericId&cursor=${cursor({ s: "numericId", v: [2 ** 31] })}`, status: 400, field: "query.cursor" },
  { name: "list users by username with a cursor holding a NUL", method: "GET", path: () => `/api/v1/users?sort=username&cursor=${cursor({ s: "username", v: ["a\u0000"] })}`, status: 400, field: "query.cursor" },
  { name: "list keys with a cursor holding an impossible date", method: "GET", path: () => `/api/v1/api-keys?cursor=${cursor({ s: "-createdAt", v: ["2020-02-30T00:00:00Z", keyId] })}`, status: 400, field: "query.cursor" },
  { name: "audit with a cursor id of 20 digits", method: "GET", path: () => `/api/v1/audit-events?cursor=${cursor({ s: "-id", v: ["99999999999999999999"] })}`, status: 400, field: "query.cursor" },
  { name: "audit with a cursor id past int8", method: "GET", path: () => `/api/v1/audit-events?cursor=${cursor({ s: "-id", v: ["9999999999999999999"] })}`, status: 400, field: "query.cursor" },
  // bodies the parser cannot read
  { name: "create user with a gzip body that is not gzip", method: "POST", path: () => "/api/v1/users", rawBody: '{"username":"gz"}', headers: { "content-type": "application/json", "content-encoding": "gzip" }, status: 400 },
  { name: "create user with a brotli body that is garbage", method: "POST", path: () => "/api/v1/users", rawBody: "this is not brotli", headers: { "content-type": "application/json", "content-encoding": "br" }, status: 400 },
  { name: "create user with a deflate body that is garbage", method: "POST", path: () => "/api/v1/users", rawBody: "this is not deflate", headers: { "content-type": "application/json", "content-encoding": "deflate" }, status: 400 },
  { name: "create user with an unsupported content encoding", method: "POST", path: () => "/api/v1/users", rawBody: '{"username":"cx"}', headers: { "content-type": "application/json", "content-encoding": "compress" }, status: 415 },
  { name: "create user in an unsupported charset", method: "POST", path: () => "/api/v1/users", rawBody: '{"username":"cs"}', headers: { "content-type": "application/json; charset=latin1" }, status: 415 },
  // unknown endpoints
  { name: "an unknown endpoint", method: "GET", path: () => "/api/v1/nothing-here", status: 404 },
  { name: "an unknown method on users", method: "PUT", path: () => "/api/v1/users", body: {}, status: 405 },
];

describe("bad input answers a clear 4xx problem and writes nothing", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const before = await writeCounts(t);
      const res = await t.api(c.method, c.path(), { body: c.body, rawBody: c.rawBody, headers: c.headers, token: c.token });
      expectProblem(res, c.status);
      expect(res.body.detail.length).toBeGreaterThan(5);
      if (c.field) expect(res.body.errors?.map((e: any) => e.path), JSON.stringify(res.body)).toContain(c.field);
      expect(await writeCounts(t)).toEqual(before);
      const victim = await t.api("GET", `/api/v1/users/${userId}`);
      expect(victim.headers.get("etag")).toBe('"v1"');
    });
  }
});

describe("no route answers 500 to garbage", () => {
  const garbage: { label: string; rawBody: string; type: string }[] = [
    { label: "null", rawBody: "null", type: "application/json" },
    { label: "a number", rawBody: "12", type: "application/json" },
    { label: "an array", rawBody: "[1,2,3]", type: "application/json" },
    { label: "deep nesting", rawBody: `${"[".repeat(5000)}${"]".repeat(5000)}`, type: "application/json" },
    { label: "binary", rawBody: "\u0000\u0001\u0002", type: "application/octet-stream" },
  ];
  // Routes that take a body; the others ignore one, as HTTP allows.
  const withBody = routesOf(SURFACES).filter(({ route }) => route.method !== "GET" && isZodType("body" in route ? route.body : undefined));
  it("covers the routes that take a body", () => expect(withBody.length).toBeGreaterThanOrEqual(5));
  for (const { surface, route } of withBody) {
    it(`${surface.name}: ${route.method} ${route.path}`, async () => {
      const before = await writeCounts(t);
      const id = route.path.startsWith("/api/v1/groups/") ? groupId : route.path.startsWith("/api/v1/invites/") ? invite.id : userId;
      const path = route.path
        .replace(/:id/g, id)
        .replace(/:userId/g, userId)
        .replace(/:token/g, invite.token)
        .replace(/:role/g, "moderator")
        .replace(/:tag/g, "x");
      for (const g of garbage) {
        const res = await t.api(route.method, path, { rawBody: g.rawBody, headers: { "content-type": g.type } });
        expect(res.status, `${g.label}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${g.label}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      }
      expect(await writeCounts(t)).toEqual(before);
    });
  }
});
