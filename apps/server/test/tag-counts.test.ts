import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, startTestServer, type TestServer } from "./harness.ts";

// Totals of lists filtered by one tag come from counters the users triggers
// keep (migration user_tag_counts). Whatever changes users, the total read
// from them is the number of matching users, counted.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** The total the API reports, and the one counted here from the rows. */
async function totals(query: string, where: { tag: string; local?: boolean; status?: "active" | "deactivated" }) {
  const reported = (await t.api("GET", `/api/v1/users?${query}&limit=1`)).body.total;
  const counted = await t.server.db.prisma.user.count({
    where: {
      tags: { has: where.tag },
      ...(where.local === undefined ? {} : { domain: where.local ? null : { not: null } }),
      ...(where.status ? { status: where.status } : {}),
    },
  });
  return { reported, counted };
}

async function expectExact() {
  for (const [query, where] of [
    ["tag=red", { tag: "red" }],
    ["tag=red&local=true", { tag: "red", local: true }],
    ["tag=red&local=false", { tag: "red", local: false }],
    ["anyTag=red&local=false&status=active", { tag: "red", local: false, status: "active" }],
    ["tag=red&status=deactivated", { tag: "red", status: "deactivated" }],
    ["tag=blue", { tag: "blue" }],
  ] as const) {
    const { reported, counted } = await totals(query, where);
    expect(reported, query).toBe(counted);
  }
}

describe("the total of a list filtered by one tag", () => {
  it("follows creation, tagging in bulk and one by one, replacing the tags, deactivation, and deletion", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const user = await createUser(t, { username: `u${i}`, tags: i % 2 ? ["red", "blue"] : ["red"], ...(i < 3 ? { domain: "remote.example" } : {}) });
      ids.push(user.id);
    }
    await expectExact();
    expect((await totals("tag=red&local=false", { tag: "red", local: false })).reported).toBe(3);

    expect((await t.api("POST", "/api/v1/users/tags", { body: { userIds: ids.slice(0, 4), tags: ["blue", "green"] } })).status).toBe(200);
    await expectExact();
    expect((await t.api("POST", "/api/v1/users/tags/remove", { body: { userIds: ids.slice(2), tags: ["red"] } })).status).toBe(200);
    await expectExact();
    expect((await t.api("POST", `/api/v1/users/${ids[0]}/deactivate`)).status).toBe(200);
    expect((await t.api("POST", `/api/v1/users/${ids[1]}/tags`, { body: { tags: ["red"] } })).status).toBeLessThan(300);
    await expectExact();
    expect((await t.api("PATCH", `/api/v1/users/${ids[1]}`, { body: { displayName: "no tag change" } })).status).toBe(200);
    expect((await t.api("PATCH", `/api/v1/users/${ids[4]}`, { body: { tags: ["red", "red-2"] } })).status).toBe(200);
    await expectExact();
    expect((await t.api("DELETE", `/api/v1/users/${ids[0]}`)).status).toBe(204);
    await expectExact();
  });
});
