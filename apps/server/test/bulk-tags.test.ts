import { BulkTagsResultSchema, ProblemSchema } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tagUsersByUsername, untagUsersByUsername } from "../src/services/users/bulk-tags.ts";
import { ADMIN, apiKeyWith, createUser, expectProblem, loginAs, startTestServer, systemContextOf, writeCounts, type TestServer } from "./harness.ts";

// Issue 8: tags added to, or removed from, many users at once (what Pleroma's
// PUT/DELETE /api/pleroma/admin/users/tag will be served by).
let t: TestServer;
let adminId: string;
const ids: Record<string, string> = {};
let moderator: string;
const NOBODY = "00000000-0000-4000-8000-00000000beef";

beforeAll(async () => {
  t = await startTestServer();
  adminId = (await t.api("GET", "/api/v1/auth/me")).body.user.id;
  for (const [name, fields] of [
    ["ann", { tags: ["old"] }],
    ["ben", { tags: ["keep", "old"] }],
    ["cid", {}],
    ["mod", { password: "moderator-password", roles: ["moderator"] }],
  ] as const) {
    ids[name] = (await createUser(t, { username: name, ...fields })).id;
  }
  moderator = await loginAs(t, "mod", "moderator-password");
});
afterAll(() => t?.close());

const etagOf = async (id: string) => (await t.api("GET", `/api/v1/users/${id}`)).headers.get("etag");
const tagsOf = async (id: string) => (await t.api("GET", `/api/v1/users/${id}`)).body.tags;
const auditCount = (action: string) => t.server.db.prisma.auditEvent.count({ where: { action } });

/** Asserts that a refused request changed nothing: row counts and the ETags of the users named. */
async function refused(call: () => Promise<{ status: number; body: any }>, status: number, code: string, targets: string[]) {
  const before = await writeCounts(t);
  const etags = await Promise.all(targets.map(etagOf));
  const res = await call();
  expectProblem(res as any, status, code);
  ProblemSchema.parse(res.body);
  expect(await writeCounts(t)).toEqual(before);
  expect(await Promise.all(targets.map(etagOf))).toEqual(etags);
  return res;
}

describe("POST /api/v1/users/tags", () => {
  it("adds tags to each user, in one answer in the order given; only changed users are written and audited", async () => {
    await t.api("POST", "/api/v1/users/tags", { body: { userIds: [ids.cid], tags: ["already"] } });
    const cidETag = await etagOf(ids.cid!);
    const annETag = await etagOf(ids.ann!);
    const audits = await auditCount("user.tag");
    const res = await t.api("POST", "/api/v1/users/tags", {
      body: { userIds: [ids.ben, ids.ann, ids.cid, ids.ann], tags: ["new", "old", "new"] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = BulkTagsResultSchema.parse(res.body);
    expect(body).toEqual({
      changed: 3,
      users: [
        { id: ids.ben, tags: ["keep", "new", "old"] },
        { id: ids.ann, tags: ["new", "old"] },
        { id: ids.cid, tags: ["already", "new", "old"] },
      ],
    });
    expect(await etagOf(ids.ann!)).not.toBe(annETag);
    expect(await etagOf(ids.cid!)).not.toBe(cidETag);
    expect(await auditCount("user.tag")).toBe(audits + 3);
  });

  it("answers changed: 0 and writes nothing when every user has every tag already", async () => {
    const before = await writeCounts(t);
    const etags = await Promise.all([ids.ann!, ids.ben!].map(etagOf));
    const res = await t.api("POST", "/api/v1/users/tags", { body: { userIds: [ids.ann, ids.ben], tags: ["new"] } });
    expect(BulkTagsResultSchema.parse(res.body).changed).toBe(0);
    expect(await writeCounts(t)).toEqual(before);
    expect(await Promise.all([ids.ann!, ids.ben!].map(etagOf))).toEqual(etags);
  });

  it("records one audit event per user changed, with before and after", async () => {
    const res = await t.api("POST", "/api/v1/users/tags", { body: { userIds: [ids.ann, ids.ben], tags: ["audited"] } });
    expect(res.body.changed).toBe(2);
    const events = await t.server.db.prisma.auditEvent.findMany({ where: { action: "user.tag" }, orderBy: { id: "desc" }, take: 2 });
    expect(events.map((e) => e.targetId).sort()).toEqual([ids.ann, ids.ben].sort());
    const ann = events.find((e) => e.targetId === ids.ann)!;
    expect((ann.before as any).tags).toEqual(["new", "old"]);
    expect((ann.after as any).tags).toEqual(["audited", "new", "old"]);
  });

  it("404 naming every unknown id; nothing written, not even for the known ones", async () => {
    const res = await refused(
      () => t.api("POST", "/api/v1/users/tags", { body: { userIds: [ids.ann, NOBODY], tags: ["never"] } }),
      404,
      "not_found",
      [ids.ann!],
    );
    expect(res.body.reason).toBe("user_not_found");
    expect(res.body.detail).toContain(NOBODY);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "body.userIds.1" })]);
    expect(await tagsOf(ids.ann!)).not.toContain("never");
  });

  it("403 when any target outranks the caller; nothing written", async () => {
    const res = await refused(
      () => t.api("POST", "/api/v1/users/tags", { token: moderator, body: { userIds: [ids.ann, adminId], tags: ["never"] } }),
      403,
      "forbidden",
      [ids.ann!, adminId],
    );
    expect(res.body.reason).toBe("target_outranks_caller");
    // Below the moderator, the same change goes through.
    const ok = await t.api("POST", "/api/v1/users/tags", { token: moderator, body: { userIds: [ids.ann], tags: ["by-mod"] } });
    expect(ok.status).toBe(200);
  });

  it("403 for a caller without users:update", async () => {
    const key = await apiKeyWith(t, ["users:read"]);
    const res = await refused(() => t.api("POST", "/api/v1/users/tags", { token: key, body: { userIds: [ids.ann], tags: ["never"] } }), 403, "forbidden", [ids.ann!]);
    expect(res.body.reason).toBe("missing_permission");
  });

  for (const [what, body, field] of [
    ["no users", { userIds: [], tags: ["x"] }, "body.userIds"],
    ["501 users", { userIds: Array.from({ length: 501 }, () => NOBODY), tags: ["x"] }, "body.userIds"],
    ["a non-uuid", { userIds: ["ann"], tags: ["x"] }, "body.userIds.0"],
    ["no tags", { userIds: [NOBODY], tags: [] }, "body.tags"],
    ["51 tags", { userIds: [NOBODY], tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, "body.tags"],
    ["a tag with a space", { userIds: [NOBODY], tags: ["a b"] }, "body.tags.0"],
    ["an unknown field", { userIds: [NOBODY], tags: ["x"], all: true }, "body"],
  ] as const) {
    it(`400 for ${what}`, async () => {
      for (const path of ["/api/v1/users/tags", "/api/v1/users/tags/remove"]) {
        const res = await refused(() => t.api("POST", path, { body }), 400, "bad_request", [ids.ann!]);
        expect(res.body.errors.map((e: any) => e.path)).toContain(field);
      }
    });
  }
});

describe("POST /api/v1/users/tags/remove", () => {
  it("removes the tags from each user; only changed users are written and audited", async () => {
    const cidETag = await etagOf(ids.cid!);
    const audits = await auditCount("user.untag");
    await t.api("POST", "/api/v1/users/tags", { body: { userIds: [ids.ann, ids.ben], tags: ["gone"] } });
    const res = await t.api("POST", "/api/v1/users/tags/remove", { body: { userIds: [ids.ann, ids.ben, ids.cid], tags: ["gone", "never-had"] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = BulkTagsResultSchema.parse(res.body);
    expect(body.changed).toBe(2);
    expect(body.users.map((u) => u.id)).toEqual([ids.ann, ids.ben, ids.cid]);
    for (const user of body.users) expect(user.tags).not.toContain("gone");
    expect(await tagsOf(ids.ben!)).toEqual(body.users[1]!.tags);
    expect(await etagOf(ids.cid!)).toBe(cidETag);
    expect(await auditCount("user.untag")).toBe(audits + 2);
  });

  it("404 and 403 as adding, nothing written", async () => {
    await t.api("POST", "/api/v1/users/tags", { body: { userIds: [ids.ann, adminId], tags: ["stays"] } });
    const missing = await refused(
      () => t.api("POST", "/api/v1/users/tags/remove", { body: { userIds: [NOBODY, ids.ann], tags: ["stays"] } }),
      404,
      "not_found",
      [ids.ann!],
    );
    expect(missing.body.reason).toBe("user_not_found");
    const outranked = await refused(
      () => t.api("POST", "/api/v1/users/tags/remove", { token: moderator, body: { userIds: [ids.ann, adminId], tags: ["stays"] } }),
      403,
      "forbidden",
      [ids.ann!, adminId],
    );
    expect(outranked.body.reason).toBe("target_outranks_caller");
    expect(await tagsOf(ids.ann!)).toContain("stays");
  });
});

describe("by username (the service form Pleroma's surface calls)", () => {
  const ctx = () => systemContextOf(t, "pleroma");

  it("tags and untags by username, regardless of case", async () => {
    const tagged = await tagUsersByUsername(ctx(), ["ANN", "cid"], ["pleroma"]);
    expect(BulkTagsResultSchema.parse(tagged).users.map((u) => u.id)).toEqual([ids.ann, ids.cid]);
    expect(tagged.changed).toBe(2);
    const untagged = await untagUsersByUsername(ctx(), ["ann", "Cid", "ben"], ["pleroma"]);
    expect(untagged.changed).toBe(2);
    expect(await tagsOf(ids.ann!)).not.toContain("pleroma");
    expect(await tagUsersByUsername(ctx(), [], ["pleroma"])).toEqual({ changed: 0, users: [] });
  });

  it("refuses the lot, naming the unknown usernames", async () => {
    const before = await writeCounts(t);
    const error = await tagUsersByUsername(ctx(), ["ann", "ghost", ADMIN.username, "nobody"], ["x"]).catch((e) => e);
    expect(error).toMatchObject({ code: "not_found", reason: "user_not_found" });
    expect(error.message).toContain("ghost, nobody");
    expect(error.fields.map((f: any) => f.path)).toEqual(["body.usernames.1", "body.usernames.3"]);
    expect(await writeCounts(t)).toEqual(before);
  });
});
