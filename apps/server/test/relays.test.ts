import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { v1Contract } from "@steward/contracts";
import { ServiceError } from "../src/services/kernel/errors.ts";
import { followRelay, unfollowRelayByUrl } from "../src/services/relays.ts";
import { apiKeyWith, expectProblem, startTestServer, systemContextOf, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** The contract's own answer schemas: every success is parsed with them. */
const routes = v1Contract.relays;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

function ok<T>(res: ApiResponse, status: number, schema: { parse(value: unknown): T }): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return schema.parse(res.body);
}

const list = async () => ok(await t.api("GET", "/api/v1/relays"), 200, routes.listRelays.responses[200]);
const followNew = async (url: string) => ok(await t.api("POST", "/api/v1/relays", { body: { url } }), 201, routes.followRelay.responses[201]);
const auditOf = async (targetId: string, action: string) =>
  (await t.api("GET", `/api/v1/audit-events?targetId=${targetId}&action=${action}`)).body.data as any[];
/** A service context as a dialect would make one. */
const dialectContext = () => systemContextOf(t, "pleroma");

describe("following relays", () => {
  it("follows: 201 with the relay, listed, audited once as v1", async () => {
    const relay = await followNew("https://relay.one.example/actor");
    expect(relay).toMatchObject({ url: "https://relay.one.example/actor", followedAt: expect.any(String) });
    expect((await list()).data).toContainEqual(relay);
    const events = await auditOf(relay.id, "relay.follow");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ dialect: "v1", actor: { type: "user", label: "admin" }, target: { type: "relay", id: relay.id }, before: null, after: relay });
  });

  it("normalises the URL: scheme and host in lower case, default port and a root's trailing slash dropped", async () => {
    expect((await followNew("HTTPS://Relay.Two.EXAMPLE:443/")).url).toBe("https://relay.two.example");
    expect((await followNew("http://relay.three.example:8080/Inbox/")).url).toBe("http://relay.three.example:8080/Inbox/");
  });

  it("is idempotent: the same relay under another spelling answers 200 with it and writes nothing", async () => {
    const relay = await followNew("https://relay.four.example");
    const before = await writeCounts(t);
    for (const spelling of ["https://relay.four.example", "https://RELAY.four.example/", "HTTPS://relay.four.example:443"]) {
      expect(ok(await t.api("POST", "/api/v1/relays", { body: { url: spelling } }), 200, routes.followRelay.responses[200])).toEqual(relay);
    }
    expect(await writeCounts(t)).toEqual(before);
  });

  it("follows the same relay from many requests at once: one relay, one audit event", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => t.api("POST", "/api/v1/relays", { body: { url: i % 2 ? "https://raced.example/" : "https://RACED.example" } })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const ids = new Set(answers.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(await auditOf([...ids][0], "relay.follow")).toHaveLength(1);
  });
});

describe("following and unfollowing at once", () => {
  it("answers every request (200, 201, 204 or 404, never a 5xx) and leaves one relay or none", async () => {
    await followNew("https://flapping.example");
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 3 === 2
          ? t.api("GET", "/api/v1/relays").then(async (res) => {
              const relay = res.body.data.find((r: { url: string }) => r.url === "https://flapping.example");
              return relay ? t.api("DELETE", `/api/v1/relays/${relay.id}`) : res;
            })
          : t.api("POST", "/api/v1/relays", { body: { url: "https://FLAPPING.example/" } }),
      ),
    );
    for (const res of answers) expect([200, 201, 204, 404], JSON.stringify(res.body)).toContain(res.status);
    const left = (await list()).data.filter((r) => r.url === "https://flapping.example");
    expect(left.length).toBeLessThanOrEqual(1);
  });
});

describe("listing relays", () => {
  it("lists every relay by URL (byte order, on every database) with the total", async () => {
    await followNew("https://Zed.example/B");
    await followNew("https://zed.example/a");
    await followNew("https://zed.example/_");
    const all = await list();
    expect(all.total).toBe(all.data.length);
    expect(all.total).toBeGreaterThanOrEqual(4);
    const urls = all.data.map((r) => r.url);
    expect(urls).toEqual([...urls].sort());
    const zed = urls.filter((url) => url.startsWith("https://zed."));
    expect(zed).toEqual(["https://zed.example/B", "https://zed.example/_", "https://zed.example/a"]);
  });
});

describe("unfollowing relays", () => {
  it("unfollows by id: 204, gone from the list, audited with the relay as it was; a second time 404", async () => {
    const relay = await followNew("https://leaving.example/actor");
    const res = await t.api("DELETE", `/api/v1/relays/${relay.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await list()).data.map((r) => r.id)).not.toContain(relay.id);
    const [event] = await auditOf(relay.id, "relay.unfollow");
    expect(event).toMatchObject({ dialect: "v1", target: { type: "relay", id: relay.id }, before: relay, after: null });
    const before = await writeCounts(t);
    const again = await t.api("DELETE", `/api/v1/relays/${relay.id}`);
    expectProblem(again, 404, "not_found");
    expect(again.body.reason).toBe("relay_not_found");
    expect(await writeCounts(t)).toEqual(before);
  });

  it("unfollows by URL under any spelling (the Pleroma way), audited with the caller's dialect; 404 relay_not_found after", async () => {
    const relay = await followNew("https://by-url.example/");
    const ctx = dialectContext();
    expect(await unfollowRelayByUrl(ctx, "HTTPS://By-Url.example")).toEqual(relay);
    expect((await list()).data.map((r) => r.id)).not.toContain(relay.id);
    const [event] = await auditOf(relay.id, "relay.unfollow");
    expect(event).toMatchObject({ dialect: "pleroma", before: relay });
    const before = await writeCounts(t);
    await expect(unfollowRelayByUrl(ctx, "https://by-url.example")).rejects.toMatchObject({ code: "not_found", reason: "relay_not_found" });
    await expect(unfollowRelayByUrl(ctx, "ftp://by-url.example")).rejects.toMatchObject({ code: "bad_request", reason: "invalid_relay_url" });
    expect(await writeCounts(t)).toEqual(before);
  });

  it("refuses a bad URL in the service too, as a dialect passes it unchecked", async () => {
    const before = await writeCounts(t);
    const refused = followRelay(dialectContext(), "https://user:pass@relay.example");
    await expect(refused).rejects.toBeInstanceOf(ServiceError);
    await expect(refused).rejects.toMatchObject({ code: "bad_request", reason: "invalid_relay_url" });
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("refused requests write nothing", () => {
  const badUrls: Record<string, unknown> = {
    "an ftp URL": "ftp://relay.example/actor",
    "a javascript: URL": "javascript:alert(1)",
    "a mailto: URL": "mailto:relay@example.org",
    "no host": "https://",
    "no host but a path": "http:///actor",
    "no scheme": "relay.example/actor",
    "a relative URL": "/actor",
    "the scheme shorthand": "https:relay.example",
    "credentials": "https://user:pass@relay.example/actor",
    "a user name": "https://user@relay.example",
    "an empty user name": "https://@relay.example",
    "a fragment": "https://relay.example/actor#main-key",
    "an empty fragment": "https://relay.example/#",
    "spaces around": " https://relay.example ",
    "a newline inside": "https://relay.example/\nactor",
    "a NUL": "https://relay.example/\u0000",
    "a bad port": "https://relay.example:99999/",
    "a huge URL": `https://relay.example/${"a".repeat(2048)}`,
    "an empty string": "",
    "a number": 5,
    "null": null,
  };
  for (const [what, url] of Object.entries(badUrls)) {
    it(`follow with ${what}: 400 on body.url`, async () => {
      const before = await writeCounts(t);
      const res = await t.api("POST", "/api/v1/relays", { body: { url } });
      expectProblem(res, 400, "bad_request");
      expect(res.body.errors?.map((e: any) => e.path), JSON.stringify(res.body)).toContain("body.url");
      expect(await writeCounts(t)).toEqual(before);
    });
  }

  const cases: { name: string; method: string; path: string; body?: unknown; status: number; reason?: string; field?: string }[] = [
    { name: "follow without a url", method: "POST", path: "/api/v1/relays", body: {}, status: 400, field: "body.url" },
    { name: "follow with an unknown field", method: "POST", path: "/api/v1/relays", body: { url: "https://ok.example", id: UNKNOWN }, status: 400, field: "body" },
    { name: "unfollow a bad uuid", method: "DELETE", path: "/api/v1/relays/relay.example", status: 400, field: "path.id" },
    { name: "unfollow an unknown relay", method: "DELETE", path: `/api/v1/relays/${UNKNOWN}`, status: 404, reason: "relay_not_found" },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const before = await writeCounts(t);
      const res = await t.api(c.method, c.path, { body: c.body });
      expectProblem(res, c.status);
      if (c.reason) expect(res.body.reason).toBe(c.reason);
      if (c.field) expect(res.body.errors?.map((e: any) => e.path), JSON.stringify(res.body)).toContain(c.field);
      expect(await writeCounts(t)).toEqual(before);
    });
  }

  it("refuses a key without relays:manage (403) and one without relays:read", async () => {
    const reader = await apiKeyWith(t, ["relays:read"]);
    const relay = await followNew("https://guarded.example");
    const before = await writeCounts(t);
    expectProblem(await t.api("POST", "/api/v1/relays", { token: reader, body: { url: "https://nope.example" } }), 403, "forbidden");
    expectProblem(await t.api("DELETE", `/api/v1/relays/${relay.id}`, { token: reader }), 403, "forbidden");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", "/api/v1/relays", { token: reader })).status).toBe(200);
    const usersOnly = await apiKeyWith(t, ["users:read", "users:update"]);
    expectProblem(await t.api("GET", "/api/v1/relays", { token: usersOnly }), 403, "forbidden");
  });
});
