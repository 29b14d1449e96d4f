import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL only: a role deleted while it is being granted. Deleting
// refuses a held role; granting locks the role it grants. However the two
// interleave, either the grant lands and the delete is refused, or the
// delete lands and the grant finds no such role: never a grant to a role
// that is gone, never a 500.
let t: TestServer;
const ROUNDS = 40;

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "8" });
});
afterAll(() => t?.close());

describe("deleting a role while it is granted", () => {
  it(`either the grant or the delete wins, consistently, in ${ROUNDS} rounds`, async () => {
    const outcomes = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const role = (await t.api("POST", "/api/v1/roles", { body: { name: `race-${round}`, permissions: ["users:read"] } })).body;
      const user = await createUser(t, { username: `racer-${round}` });
      // The grant does more before it reads the role (it locks and reads the user first), so it
      // starts first, and the delete follows after 0 to 9 ms: the rounds spread over the interleavings.
      const granting = t.api("PUT", `/api/v1/users/${user.id}/roles/${role.name}`);
      const deleting = new Promise((resolve) => setTimeout(resolve, round % 10)).then(() => t.api("DELETE", `/api/v1/roles/${role.id}`));
      const [deleted, granted] = await Promise.all([deleting, granting]);
      const outcome = `delete ${deleted.status}, grant ${granted.status}`;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      expect(["delete 204, grant 422", "delete 409, grant 200"], `round ${round}: ${JSON.stringify([deleted.body, granted.body])}`).toContain(outcome);
      const roleLeft = await t.server.db.prisma.role.count({ where: { id: role.id } });
      const held = await t.server.db.prisma.userRole.count({ where: { userId: user.id } });
      expect({ roleLeft, held }).toEqual(deleted.status === 204 ? { roleLeft: 0, held: 0 } : { roleLeft: 1, held: 1 });
    }
    console.log("role delete vs grant:", Object.fromEntries(outcomes));
  }, 120_000);
});
