import Nodeactyl from "nodeactyl";
import { Application as JSPteroApplication } from "jspteroapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, startTestServer, type TestServer } from "../harness.ts";

// The published Pterodactyl client libraries, unchanged, pointed at Steward
// (reference/real/pterodactyl-client-requests.json records what they send).
// Their requests bypass the harness, so the contract check does not see them:
// what they get back is checked here through the libraries' own results.
let t: TestServer;
let key: string;
const SEEDED = 60;

beforeAll(async () => {
  t = await startTestServer();
  // What the console's "Pterodactyl application key" preset grants.
  key = await apiKeyWith(t, ["users:read", "users:create", "users:update", "users:delete"]);
  for (let i = 1; i <= SEEDED; i++) {
    await createUser(t, { username: `user${i}`, email: `user${i}@example.com`, firstName: `F${i}`, lastName: `L${i}`, ...(i === 7 ? { externalId: "whmcs-7" } : {}) });
  }
}, 120_000);
afterAll(() => t?.close());

describe("nodeactyl 3.3.0", () => {
  const client = () => new Nodeactyl.NodeactylApplication(t.url, key);

  it("getAllUsers, getUserPage: pages of 50 with the Panel's pagination", async () => {
    const first = await client().getAllUsers();
    expect(first.object).toBe("list");
    expect(first.data).toHaveLength(50);
    expect(first.meta.pagination).toMatchObject({ total: SEEDED + 1, per_page: 50, current_page: 1, total_pages: 2 });
    const second = await client().getUserPage(2);
    expect(second.data.map((u: any) => u.attributes.username)).toContain("user60");
  });

  it("getUserDetails; a missing user rejects with 404", async () => {
    const list = await client().getAllUsers();
    const seven = list.data.find((u: any) => u.attributes.username === "user7");
    const details = await client().getUserDetails(seven.attributes.id);
    expect(details.attributes).toMatchObject({ username: "user7", email: "user7@example.com", external_id: "whmcs-7", first_name: "F7" });
    await expect(client().getUserDetails(99999)).rejects.toBe(404);
  });

  it("getUserByUsername walks the pages", async () => {
    const found = await client().getUserByUsername("user60");
    expect(found.attributes.email).toBe("user60@example.com");
  });

  it("createUser, updateUserDetails, deleteUser", async () => {
    const created = await client().createUser("node1@example.com", "node1", "N", "One", "node1-password");
    expect(created.attributes).toMatchObject({ username: "node1", email: "node1@example.com", root_admin: false });
    const id = created.attributes.id;
    expect(await client().updateUserDetails(id, "node1b@example.com", "node1", "N", "One", "en", "node1-password-2")).toBe(true);
    expect((await client().getUserDetails(id)).attributes.email).toBe("node1b@example.com");
    // The new password signs in.
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "node1", password: "node1-password-2" } })).status).toBe(200);
    await client().deleteUser(id);
    await expect(client().getUserDetails(id)).rejects.toBe(404);
  });
});

describe("jspteroapi 1.11.3", () => {
  let app: JSPteroApplication;
  beforeAll(() => {
    // Not `fast`: the constructor checks the credentials with GET /servers, as it does against a Panel.
    app = new JSPteroApplication(t.url, key);
  });

  it("getAllUsers walks every page (75 a page), with and without a filter", async () => {
    const all = await app.getAllUsers();
    expect(all.map((u) => u.attributes.username)).toEqual(expect.arrayContaining(["user1", "user60"]));
    const filtered = await app.getAllUsers(undefined, { filter: "user7@example.com", filterBy: "email" });
    expect(filtered.map((u) => u.attributes.username)).toEqual(["user7"]);
  });

  /** user7, found by external id (this version of the library does not expose getUserInfoByExtId: it filters). */
  async function seventh() {
    const [found] = await app.getAllUsers(undefined, { filter: "whmcs-7", filterBy: "external_id" });
    return found!.attributes;
  }

  it("getUserInfo with servers, a user found by external id; a missing user is an error", async () => {
    const seven = await seventh();
    expect(seven.username).toBe("user7");
    await t.api("POST", `/api/v1/users/${seven.uuid}/resources`, { body: { kind: "server", externalId: "srv-7", name: "Survival" } });
    const withServers = await app.getUserInfo(seven.id, { servers: true });
    expect(withServers.relationships?.servers.data.map((s: any) => s.attributes.external_id)).toEqual(["srv-7"]);
    await expect(app.getUserInfo(99999)).rejects.toBeDefined();
  });

  it("createUser, editUser (which reads the user, then sends all of it back), deleteUser", async () => {
    const created = await app.createUser("jspa", "J", "Two", "jspa@example.com", "jspa-password", false, "en");
    expect(created).toMatchObject({ username: "jspa", external_id: null, language: "en" });
    const edited = await app.editUser(created.id, { firstName: "Changed" });
    expect(edited).toMatchObject({ first_name: "Changed", last_name: "Two", email: "jspa@example.com" });
    // editUser sends `password: ""`: the password stays.
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "jspa", password: "jspa-password" } })).status).toBe(200);
    expect(await app.deleteUser(created.id)).toMatch(/deleted/i);
  });

  it("deleteUser is refused while resources are attached", async () => {
    const seven = await seventh();
    await expect(app.deleteUser(seven.id)).rejects.toBeDefined();
    expect((await t.api("GET", `/api/v1/users/${seven.uuid}`)).status).toBe(200);
  });
});
