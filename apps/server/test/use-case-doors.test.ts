import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_ROLES } from "@steward/contracts";
import { apiKeyWith, createUser, startTestServer, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";
import { PLEROMA_PREFIX, PROSODY_PREFIX, PTERODACTYL_PREFIX } from "./support/contract-check.ts";

// Issue 15: every rule lives in the use case, not in the door. For each use
// case reachable through several surfaces, the same callers are refused at
// every door. A door may need more than the use case (a route's own
// permission), so each caller holds every permission any door declares, less
// one the use case itself needs: every door must refuse it, and write
// nothing. The authorization matrix (authorization.test.ts) checks each
// route against its own declaration; this checks doors against each other.

let t: TestServer;
let n = 0;
const fresh = (prefix: string) => `${prefix}${++n}`;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** One way in to a use case: `prepare` makes what it needs (a user, a group) and answers how to send the request with a token. */
type Door = { name: string; prepare: () => Promise<(token: string | null) => Promise<ApiResponse>> };

interface UseCase {
  name: string;
  /** What the use case needs of its caller, whatever the door. */
  needs: string[];
  /** Every permission any of its doors declares besides. */
  doorPermissions: string[];
  doors: Door[];
}

const newGroup = async () => (await t.api("POST", "/api/v1/groups", { body: { name: fresh("door group ") } })).body.id as string;
const newUser = async (fields: Record<string, unknown> = {}) => createUser(t, { username: fresh("door-user-"), ...fields });

const USE_CASES: UseCase[] = [
  {
    name: "add a user to a group",
    needs: ["groups:manage"],
    doorPermissions: ["users:update", "users:read"],
    doors: [
      {
        name: "v1 PUT /groups/:id/members/:userId",
        prepare: async () => {
          const [group, user] = [await newGroup(), await newUser()];
          return (token) => t.api("PUT", `/api/v1/groups/${group}/members/${user.id}`, { token });
        },
      },
      {
        name: "Prosody PUT /groups/:id/members/:username",
        prepare: async () => {
          const [group, user] = [await newGroup(), await newUser()];
          return (token) => t.api("PUT", `${PROSODY_PREFIX}/groups/${group}/members/${user.username}`, { token });
        },
      },
      {
        name: "Prosody PUT /users/:username with groups",
        prepare: async () => {
          const [group, user] = [await newGroup(), await newUser()];
          return (token) => t.api("PUT", `${PROSODY_PREFIX}/users/${user.username}`, { token, body: { groups: [group] } });
        },
      },
    ],
  },
  {
    name: "give a user the moderator role",
    needs: ["users:manage-roles"],
    // Granting a role needs its permissions too (nobody hands on more than they hold).
    doorPermissions: ["users:create", "users:read", ...BUILT_IN_ROLES.moderator.permissions],
    doors: [
      {
        name: "v1 PUT /users/:id/roles/moderator",
        prepare: async () => {
          const user = await newUser();
          return (token) => t.api("PUT", `/api/v1/users/${user.id}/roles/moderator`, { token });
        },
      },
      { name: "v1 POST /users with roles", prepare: async () => (token) => t.api("POST", "/api/v1/users", { token, body: { username: fresh("door-new-"), roles: ["moderator"] } }) },
      {
        name: "Pleroma POST /users/:nickname/permission_group/moderator",
        prepare: async () => {
          const user = await newUser();
          return (token) => t.api("POST", `${PLEROMA_PREFIX}/users/${user.username}/permission_group/moderator`, { token, body: {} });
        },
      },
    ],
  },
  {
    name: "make a group through an invite",
    needs: ["groups:manage"],
    doorPermissions: ["invites:manage"],
    doors: [
      { name: "v1 POST /groups", prepare: async () => (token) => t.api("POST", "/api/v1/groups", { token, body: { name: fresh("door made ") } }) },
      {
        name: "v1 POST /invites with newGroup",
        prepare: async () => (token) => t.api("POST", "/api/v1/invites", { token, body: { kind: "group", newGroup: { name: fresh("door made ") } } }),
      },
      {
        name: "Prosody POST /invites/group",
        prepare: async () => (token) => t.api("POST", `${PROSODY_PREFIX}/invites/group`, { token, body: { group_options: { name: fresh("door made ") } } }),
      },
    ],
  },
];

for (const useCase of USE_CASES) {
  describe(`${useCase.name}: every door refuses the same callers`, () => {
    const everything = [...new Set([...useCase.needs, ...useCase.doorPermissions])];
    for (const lacking of useCase.needs) {
      for (const door of useCase.doors) {
        it(`${door.name}: refused to a key holding all its doors need but ${lacking}, nothing written`, async () => {
          const token = await apiKeyWith(t, everything.filter((permission) => permission !== lacking));
          const send = await door.prepare();
          const before = await writeCounts(t);
          const res = await send(token);
          expect(res.status, `${door.name}: ${JSON.stringify(res.body)}`).toBe(403);
          expect(await writeCounts(t)).toEqual(before);
        });
      }
    }
    for (const door of useCase.doors) {
      it(`${door.name}: allowed to a key holding all of it`, async () => {
        const token = await apiKeyWith(t, everything);
        const res = await (await door.prepare())(token);
        expect(res.status, `${door.name}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      });
    }
  });
}

describe("set a password: the platform's policy at every door", () => {
  const short = "seven77";
  const doors: Door[] = [
    { name: "v1 POST /users", prepare: async () => (token) => t.api("POST", "/api/v1/users", { token, body: { username: fresh("pw-"), password: short } }) },
    {
      name: "v1 PATCH /users/:id",
      prepare: async () => {
        const user = await newUser();
        return (token) => t.api("PATCH", `/api/v1/users/${user.id}`, { token, body: { password: short } });
      },
    },
    {
      name: "Pterodactyl POST /users",
      prepare: async () => (token) =>
        t.api("POST", `${PTERODACTYL_PREFIX}/users`, { token, body: { email: `${fresh("pw")}@example.org`, username: fresh("pw-"), first_name: "F", last_name: "L", password: short } }),
    },
    {
      name: "Pterodactyl PATCH /users/:id",
      prepare: async () => {
        const user = await newUser({ email: `${fresh("pw")}@example.org` });
        const body = { email: user.email, username: user.username, first_name: "F", last_name: "L", password: short };
        return (token) => t.api("PATCH", `${PTERODACTYL_PREFIX}/users/${user.numericId}`, { token, body });
      },
    },
    {
      name: "Pleroma POST /users",
      prepare: async () => (token) => t.api("POST", `${PLEROMA_PREFIX}/users`, { token, body: { nickname: fresh("pw-"), email: `${fresh("pw")}@example.org`, password: short } }),
    },
    {
      name: "v1 POST /invitations/:token (redeem)",
      prepare: async () => {
        const invite = (await t.api("POST", "/api/v1/invites", { body: { kind: "register" } })).body;
        return () => t.api("POST", `/api/v1/invitations/${invite.token}`, { token: null, body: { username: fresh("pw-"), password: short } });
      },
    },
  ];
  for (const door of doors) {
    it(`${door.name}: a 7-character password is refused (4xx), nothing written`, async () => {
      const send = await door.prepare();
      const before = await writeCounts(t);
      const res = await send(t.adminToken);
      expect([400, 422], `${door.name}: ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
      expect(await writeCounts(t)).toEqual(before);
    });
  }
});
