import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, expectProblem, startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL: real concurrency between connections. One resource belongs to
// one user at most, however many ask at once; and a user is never deleted
// from under a resource being attached.
let t: TestServer;
const ROUNDS = 20;
const TIMEOUT_MS = 120_000;

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "8" });
});
afterAll(() => t?.close());

const attach = (userId: string, externalId: string) =>
  t.api("POST", `/api/v1/users/${userId}/resources`, { body: { kind: "server", externalId } });
const user = async (username: string) => (await createUser(t, { username })).id as string;
const attachedTo = (externalId: string) =>
  t.server.db.prisma.attachedResource.findMany({ where: { kind: "server", externalId }, select: { userId: true } });

describe("attaching one resource to two users at once", () => {
  it(`${ROUNDS} rounds: exactly one 201, the other 409 resource_attached_elsewhere, never a 5xx`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = [await user(`race-a-${round}`), await user(`race-b-${round}`)];
      const externalId = `race-${round}`;
      const answers = await Promise.all([attach(a, externalId), attach(b, externalId)]);
      const statuses = answers.map((res) => res.status).sort();
      expect(statuses, `round ${round}: ${JSON.stringify(answers.map((res) => res.body))}`).toEqual([201, 409]);
      const refused = answers.find((res) => res.status === 409)!;
      expectProblem(refused, 409, "conflict");
      expect(refused.body.reason).toBe("resource_attached_elsewhere");
      const winner = answers.find((res) => res.status === 201)!.body.userId;
      expect(await attachedTo(externalId)).toEqual([{ userId: winner }]);
      const audited = await t.server.db.prisma.auditEvent.count({ where: { action: "user.resource.attach", targetId: { in: [a, b] } } });
      expect(audited, `round ${round}`).toBe(1);
    }
  }, TIMEOUT_MS);

  it("many requests attaching it to the same user: one 201, the rest 200, one row, one audit event", async () => {
    const owner = await user("race-same");
    const answers = await Promise.all(Array.from({ length: 8 }, () => attach(owner, "race-same-1")));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((res) => res.body.id)).size).toBe(1);
    expect(await attachedTo("race-same-1")).toEqual([{ userId: owner }]);
    expect(await t.server.db.prisma.auditEvent.count({ where: { action: "user.resource.attach", targetId: owner } })).toBe(1);
  }, TIMEOUT_MS);
});

describe("deleting a user while a resource is attached to them", () => {
  it(`${ROUNDS} rounds: either the delete goes first (the attach finds no user) or the attach does (the delete is refused)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const doomed = await user(`race-doomed-${round}`);
      const externalId = `race-doomed-${round}`;
      const [attached, deleted] = await Promise.all([attach(doomed, externalId), t.api("DELETE", `/api/v1/users/${doomed}`)]);
      const what = `round ${round}: ${attached.status} ${JSON.stringify(attached.body)} / ${deleted.status} ${JSON.stringify(deleted.body)}`;
      if (deleted.status === 204) {
        expect(attached.status, what).toBe(404);
        expect(await attachedTo(externalId)).toEqual([]);
      } else {
        expect(deleted.status, what).toBe(409);
        expect(deleted.body.reason, what).toBe("resources_attached");
        expect(attached.status, what).toBe(201);
        expect(await attachedTo(externalId)).toEqual([{ userId: doomed }]);
      }
    }
  }, TIMEOUT_MS);
});
