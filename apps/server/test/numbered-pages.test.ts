import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, startTestServer, type TestServer } from "./harness.ts";

// Numbered pages (Pterodactyl, Pleroma) seek to their first key instead of
// skipping rows (services/users/list-users.ts): over all users by number,
// computed outright while numbers have no gaps, walked over the index once
// they do. Either way every page holds exactly the users an offset would.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  for (let i = 0; i < 10; i++) await createUser(t, { username: `pager-${i}`, email: `pager-${i}@example.org`, firstName: "P", lastName: `${i}` });
});
afterAll(() => t?.close());

const numbers = async (query: string) => (await t.api("GET", `/api/application/users?${query}`)).body.data.map((u: any) => u.attributes.id as number);

async function expectPagesMatchTheWholeList() {
  for (const sort of ["id", "-id"]) {
    const all = await numbers(`sort=${sort}&per_page=500`);
    for (let page = 1; page <= Math.ceil(all.length / 3) + 1; page++) {
      expect(await numbers(`sort=${sort}&per_page=3&page=${page}`), `${sort} page ${page}`).toEqual(all.slice((page - 1) * 3, page * 3));
    }
    const username = await numbers(`sort=${sort}&per_page=500&filter[username]=pager`);
    expect(await numbers(`sort=${sort}&per_page=4&page=2&filter[username]=pager`)).toEqual(username.slice(4, 8));
  }
}

describe("numbered pages", () => {
  it("hold what an offset would, with numbers without gaps, then with gaps", async () => {
    await expectPagesMatchTheWholeList();
    const [victim] = await numbers("per_page=1&page=5");
    expect((await t.api("DELETE", `/api/application/users/${victim}`)).status).toBe(204);
    await expectPagesMatchTheWholeList();
  });
});
