import { describe, expect, it } from "vitest";
import { PterodactylUserListSchema } from "@steward/contracts";
import { sampleUser } from "../support/samples.ts";
import { fromInclude, fromListQuery, numericIdFrom } from "../../src/http/dialects/pterodactyl/from-pterodactyl.ts";
import { toPterodactylUserList } from "../../src/http/dialects/pterodactyl/to-pterodactyl.ts";

// The Panel's requests and answers in Steward's terms: pure functions, no server.
describe("from the Panel", () => {
  it("a list query becomes a listing: filters by part or exactly, the sort by number or uuid, a numbered page", () => {
    const { listing, window } = fromListQuery({
      filter: { email: " Ada@ ", username: "ada", external_id: "ext-1", uuid: "0E4A6F1C-7B0D-4E5A-9C3D-2F1B8A6E5D4C" },
      sort: "-uuid",
      page: "3",
      per_page: "20",
      include: "servers",
    });
    expect(listing).toEqual({
      filter: { emailContains: "Ada@", handle: "ada", externalId: "ext-1", id: "0e4a6f1c-7b0d-4e5a-9c3d-2f1b8a6e5d4c" },
      order: "-id",
      limit: 20,
      start: { offset: 40 },
      include: { resources: true },
    });
    expect(window).toMatchObject({ page: 3, perPage: 20 });
  });

  it("defaults: by number, 50 a page, page 1, blank filters skipped; a uuid filter that is no UUID matches nobody", () => {
    expect(fromListQuery({ filter: { email: " " } }).listing).toEqual({ filter: {}, order: "numericId", limit: 50, start: { offset: 0 }, include: { resources: false } });
    expect(fromListQuery({ filter: { uuid: "not-a-uuid" } }).listing).toBeNull();
  });

  it("include names servers among others, or not", () => {
    expect(fromInclude("servers")).toEqual({ resources: true });
    expect(fromInclude("location, servers")).toEqual({ resources: true });
    expect(fromInclude("location")).toEqual({ resources: false });
    expect(fromInclude(undefined)).toEqual({ resources: false });
  });

  it("a user number is a positive whole number; anything else is the Panel's 404", () => {
    expect(numericIdFrom("42")).toBe(42);
    for (const id of ["0", "-1", "4.2", "abc", "1234567890"]) expect(() => numericIdFrom(id), id).toThrow();
  });
});

describe("to the Panel", () => {
  it("a page of users, each with the resources read with it, or none when they were not read", () => {
    const ada = sampleUser({ numericId: 7, username: "ada" });
    const bob = sampleUser({ numericId: 8, username: "bob" });
    const server = { id: "5f1d2c3b-4a59-4e68-8d7c-6b5a4f3e2d1c", userId: ada.id, kind: "server", externalId: "srv-1", name: "Minecraft", attachedAt: "2031-01-01T00:00:00.000Z" };
    const window = { page: 1, perPage: 50, skip: 0, take: 50 };
    const withServers = PterodactylUserListSchema.parse(
      toPterodactylUserList([{ user: ada, resources: [server] }, { user: bob, resources: [] }], 2, window, "https://panel.example/api/application/users"),
    );
    expect(withServers.data.map((u) => u.attributes.relationships?.servers.data.map((s) => s.attributes.external_id))).toEqual([["srv-1"], []]);
    const plain = PterodactylUserListSchema.parse(toPterodactylUserList([{ user: ada }], 1, window, "https://panel.example/api/application/users"));
    expect(plain.data[0]!.attributes.relationships).toBeUndefined();
    expect(plain.meta.pagination).toMatchObject({ total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 });
  });
});
