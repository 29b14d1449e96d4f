import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, v1Contract } from "@steward/contracts";
import { generateKey, Keyring, SEAL_CONTEXT } from "../src/services/kernel/keyring.ts";
import { resealSecrets } from "../src/services/maintenance/reseal-secrets.ts";
import { pushSettings } from "../src/services/settings/notify/push-settings.ts";
import { verifySignature } from "../src/services/settings/notify/sign.ts";
import { apiKeyWith, expectProblem, startTestServer, systemContextOf, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";
import { capturingLogger, type LogLine } from "./support/capturing-logger.ts";

// Notify: the settings document pushed, signed, to registered receivers,
// here real HTTP servers on 127.0.0.1; every push recorded and audited,
// secrets shown once and never again.

const TIMEOUT_MS = 300;
/** A port nothing listens on (found free, then closed): the connection is refused. */
let REFUSING_URL = "";
const KEY = generateKey();

/** What a receiver got: each request with its verdict on the signature. */
interface Received {
  target: string | undefined;
  headers: IncomingMessage["headers"];
  body: string;
  verified: boolean;
}

/** Secrets the receivers know, by target name (as the `Steward-Notify-Target` header names it). */
const secrets = new Map<string, string>();
const servers: Server[] = [];

async function receiver(answer: (req: IncomingMessage, res: ServerResponse, received: Received) => void): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const target = req.headers["steward-notify-target"] as string | undefined;
      const secret = target === undefined ? undefined : secrets.get(target);
      const header = req.headers["steward-signature"];
      const verified = secret !== undefined && typeof header === "string" && verifySignature(secret, header, body, Math.floor(Date.now() / 1000));
      const entry = { target, headers: req.headers, body, verified };
      received.push(entry);
      answer(req, res, entry);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const logged: LogLine[] = [];
let t: TestServer;
let good: Awaited<ReturnType<typeof receiver>>;
let hanging: Awaited<ReturnType<typeof receiver>>;
let failing: Awaited<ReturnType<typeof receiver>>;
let redirecting: Awaited<ReturnType<typeof receiver>>;
let redirectedTo: Awaited<ReturnType<typeof receiver>>;
let disabled: Awaited<ReturnType<typeof receiver>>;
beforeAll(async () => {
  const closed = await receiver(() => {});
  REFUSING_URL = closed.url;
  await new Promise((resolve) => servers.pop()!.close(resolve));
  good = await receiver((_req, res, got) => {
    res.statusCode = got.verified ? 204 : 401;
    res.end();
  });
  hanging = await receiver(() => {
    /* never answers */
  });
  failing = await receiver((_req, res) => {
    res.statusCode = 500;
    res.end("boom");
  });
  redirectedTo = await receiver((_req, res) => res.end("ok"));
  redirecting = await receiver((_req, res) => {
    res.statusCode = 302;
    res.setHeader("location", redirectedTo.url);
    res.end();
  });
  disabled = await receiver((_req, res) => res.end());
  t = await startTestServer({ STEWARD_NOTIFY_TIMEOUT_MS: String(TIMEOUT_MS), STEWARD_SECRET_KEY: KEY.toString("hex") }, { log: capturingLogger(logged) });
});
afterAll(async () => {
  await t?.close();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

const routes = v1Contract.notify;
function ok<T>(res: ApiResponse, status: number, schema: { parse(value: unknown): T }): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return schema.parse(res.body);
}
const create = (body: Record<string, unknown>, token?: string) => t.api("POST", "/api/v1/settings/notify-targets", { body, token });
async function register(name: string, url: string, extra: Record<string, unknown> = {}) {
  const target = ok(await create({ name, url, ...extra }), 201, routes.createNotifyTarget.responses[201]);
  secrets.set(name, target.secret);
  return target;
}
const update = (id: string, body: Record<string, unknown>, token?: string) => t.api("PATCH", `/api/v1/settings/notify-targets/${id}`, { body, token });
const remove = (id: string, token?: string) => t.api("DELETE", `/api/v1/settings/notify-targets/${id}`, { token });
const push = (body: Record<string, unknown> = {}, token?: string) => t.api("POST", "/api/v1/settings/notify", { body, token });
const listTargets = async () => ok(await t.api("GET", "/api/v1/settings/notify-targets"), 200, routes.listNotifyTargets.responses[200]).data;
const pushCount = () => t.server.db.prisma.notifyPush.count();
const targetCount = () => t.server.db.prisma.notifyTarget.count();
const counts = async () => ({ ...(await writeCounts(t)), pushes: await pushCount(), targets: await targetCount() });

let ids: Record<string, string> = {};

describe("registering targets", () => {
  it("201 with the secret once (generated from a CSPRNG, or the one given); listed without it; sealed at rest; audited without it", async () => {
    const made = await register("good", good.url);
    expect(made).toMatchObject({ name: "good", url: good.url, enabled: true, lastPush: null });
    expect(made.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const chosen = await register("failing", failing.url, { secret: "a-secret-chosen-by-me" });
    expect(chosen.secret).toBe("a-secret-chosen-by-me");
    const another = ok(await create({ name: "spare", url: REFUSING_URL }), 201, routes.createNotifyTarget.responses[201]);
    expect(another.secret).not.toBe(made.secret);
    ids = { good: made.id, failing: chosen.id, spare: another.id };
    ids.hanging = (await register("hanging", hanging.url)).id;
    ids.redirecting = (await register("redirecting", redirecting.url)).id;
    ids.disabled = (await register("disabled", disabled.url, { enabled: false })).id;

    const listed = await listTargets();
    expect(listed.map((target) => target.name)).toEqual(["disabled", "failing", "good", "hanging", "redirecting", "spare"]);
    expect(listed.every((target) => !("secret" in target))).toBe(true);
    expect(listed.find((target) => target.name === "disabled")!.enabled).toBe(false);

    const row = await t.server.db.prisma.notifyTarget.findUniqueOrThrow({ where: { id: made.id } });
    expect(row.secret).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(row.secret).not.toContain(made.secret);
    expect(t.server.deps.keyring.open(row.secret, `${SEAL_CONTEXT.notifySecret}:${made.id}`)).toBe(made.secret);

    const events = (await t.api("GET", `/api/v1/audit-events?targetId=${made.id}`)).body.data;
    expect(events.map((e: any) => e.action)).toEqual(["notify_target.create"]);
    expect(events[0].after).toEqual({ id: made.id, name: "good", url: good.url, enabled: true });
  });

  it("only http(s) URLs without credentials: 422 invalid_notify_url, nothing written", async () => {
    const before = await counts();
    for (const url of ["ftp://example.org/hook", "javascript:alert(1)", "http://user:pass@example.org/hook", "https://token@example.org/", "file:///etc/passwd", "not a url", "http:/example.org", "data:text/plain,hi"]) {
      const res = await create({ name: "bad-url", url });
      expectProblem(res, 422, "unprocessable_entity");
      expect(res.body.reason, url).toBe("invalid_notify_url");
      expect(res.body.errors[0].path).toBe("body.url");
    }
    expectProblem(await update(ids.good!, { url: "ftp://example.org/hook" }), 422, "unprocessable_entity");
    expect(await counts()).toEqual(before);
  });

  it("a name is a short slug, unique (409 notify_target_name_taken); a chosen secret at least 16 characters", async () => {
    const before = await counts();
    const taken = await create({ name: "good", url: good.url });
    expectProblem(taken, 409, "conflict");
    expect(taken.body.reason).toBe("notify_target_name_taken");
    const rename = await update(ids.spare!, { name: "good" });
    expectProblem(rename, 409, "conflict");
    expect(rename.body.reason).toBe("notify_target_name_taken");
    for (const name of ["Upper", "has space", "", "-dash-first", "x".repeat(65)]) expectProblem(await create({ name, url: good.url }), 400, "bad_request");
    expectProblem(await create({ name: "short-secret", url: good.url, secret: "too-short" }), 400, "bad_request");
    expect(await counts()).toEqual(before);
  });

  it("404 notify_target_not_found for an unknown id", async () => {
    const nobody = "00000000-0000-4000-8000-000000000000";
    for (const res of [await update(nobody, { enabled: false }), await remove(nobody)]) {
      expectProblem(res, 404, "not_found");
      expect(res.body.reason).toBe("notify_target_not_found");
    }
  });
});

describe("pushing the settings", () => {
  it("POSTs the current settings document, signed, to every enabled target at once; lists successes and failures per target", async () => {
    const document = (await t.api("GET", "/api/v1/settings")).body;
    const pushesBefore = await pushCount();
    const res = await push();
    const result = ok(res, 200, routes.pushSettings.responses[200]);
    expect(result.revision).toBe(document.revision);

    // The real receiver checked the signature and got exactly the document, revision included.
    expect(good.received).toHaveLength(1);
    const got = good.received[0]!;
    expect(got.verified).toBe(true);
    const body = JSON.parse(got.body);
    expect(body).toEqual({ ...document, pushedAt: expect.any(String) });
    expect(body.revision).toBe(document.revision);
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["user-agent"]).toMatch(/^Steward\/\d+\.\d+\.\d+/);
    expect(got.headers["steward-notify-target"]).toBe("good");
    expect(got.headers["steward-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // Signed with the right secret only, and only for that body.
    expect(verifySignature(secrets.get("failing")!, got.headers["steward-signature"] as string, got.body, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifySignature(secrets.get("good")!, got.headers["steward-signature"] as string, got.body.replace(`"revision":${document.revision}`, '"revision":999'), Math.floor(Date.now() / 1000))).toBe(false);

    expect(result.successes).toEqual([{ name: "good", url: good.url, httpStatus: 204, durationMs: expect.any(Number) }]);
    const failures = Object.fromEntries(result.failures.map((failure) => [failure.name, failure]));
    expect(Object.keys(failures).sort()).toEqual(["failing", "hanging", "redirecting", "spare"]);
    expect(failures.failing).toMatchObject({ httpStatus: 500, error: "HTTP 500" });
    expect(failures.hanging).toMatchObject({ httpStatus: null, error: `timed out after ${TIMEOUT_MS} ms` });
    expect(failures.hanging!.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(failures.hanging!.durationMs).toBeLessThan(TIMEOUT_MS + 2000);
    expect(failures.redirecting).toMatchObject({ httpStatus: 302, error: "redirect not followed (302)" });
    expect(failures.spare).toMatchObject({ httpStatus: null, error: "connection refused", url: REFUSING_URL });
    // The redirect was not followed; the disabled target got nothing.
    expect(redirecting.received).toHaveLength(1);
    expect(redirectedTo.received).toHaveLength(0);
    expect(disabled.received).toHaveLength(0);
    expect(failing.received[0]!.verified).toBe(true);
    expect(hanging.received).toHaveLength(1);

    // One record per target pushed, and one audit event with every outcome.
    expect(await pushCount()).toBe(pushesBefore + 5);
    const events = (await t.api("GET", "/api/v1/audit-events?action=settings.notify")).body.data;
    expect(events).toHaveLength(1);
    expect(events[0].after).toEqual(result);
    expect(events[0].target).toEqual({ type: "settings", id: "platform" });
  });

  it("shows each target's latest push in the list", async () => {
    const listed = Object.fromEntries((await listTargets()).map((target) => [target.name, target]));
    expect(listed.good!.lastPush).toMatchObject({ ok: true, httpStatus: 204, error: null });
    expect(listed.failing!.lastPush).toMatchObject({ ok: false, httpStatus: 500, error: "HTTP 500" });
    expect(listed.hanging!.lastPush).toMatchObject({ ok: false, httpStatus: null });
    expect(listed.disabled!.lastPush).toBeNull();
  });

  it("`targets: [name]` pushes to that target only; a new revision is pushed once the settings change", async () => {
    const { body: document, headers } = await t.api("GET", "/api/v1/settings");
    const changed = await t.api("PUT", "/api/v1/settings", { body: { ...document.settings, siteName: "Pushed Site" }, headers: { "if-match": headers.get("etag")! } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const before = { good: good.received.length, failing: failing.received.length, hanging: hanging.received.length };
    const result = ok(await push({ targets: ["good"] }), 200, routes.pushSettings.responses[200]);
    expect(result.revision).toBe(changed.body.revision);
    expect(result.successes.map((s) => s.name)).toEqual(["good"]);
    expect(result.failures).toEqual([]);
    expect(good.received.length).toBe(before.good + 1);
    expect(failing.received.length).toBe(before.failing);
    expect(hanging.received.length).toBe(before.hanging);
    const body = JSON.parse(good.received.at(-1)!.body);
    expect(body).toMatchObject({ revision: changed.body.revision, settings: { siteName: "Pushed Site" } });
    expect(good.received.at(-1)!.verified).toBe(true);
  });

  it("an unknown name: 422 unknown_notify_target naming it; a disabled one: 422 notify_target_disabled; nothing pushed", async () => {
    const before = await counts();
    const received = good.received.length;
    const unknown = await push({ targets: ["good", "nobody-here"] });
    expectProblem(unknown, 422, "unprocessable_entity");
    expect(unknown.body.reason).toBe("unknown_notify_target");
    expect(unknown.body.detail).toContain("nobody-here");
    expect(unknown.body.errors[0]).toMatchObject({ path: "body.targets" });
    const off = await push({ targets: ["disabled"] });
    expectProblem(off, 422, "unprocessable_entity");
    expect(off.body.reason).toBe("notify_target_disabled");
    expectProblem(await push({ targets: ["Not A Slug"] }), 400, "bad_request");
    expect(good.received.length).toBe(received);
    expect(disabled.received).toHaveLength(0);
    expect(await counts()).toEqual(before);
  });

  it("enabling a target makes it receive pushes; disabling stops them", async () => {
    const on = ok(await update(ids.disabled!, { enabled: true }), 200, routes.updateNotifyTarget.responses[200]);
    expect(on.enabled).toBe(true);
    expect(on).not.toHaveProperty("secret");
    ok(await push({ targets: ["disabled"] }), 200, routes.pushSettings.responses[200]);
    expect(disabled.received).toHaveLength(1);
    ok(await update(ids.disabled!, { enabled: false }), 200, routes.updateNotifyTarget.responses[200]);
  });

  it("rotating a secret answers the new one once; pushes are signed with it, no longer with the old", async () => {
    const old = secrets.get("good")!;
    const rotated = ok(await update(ids.good!, { rotateSecret: true }), 200, routes.updateNotifyTarget.responses[200]);
    expect(rotated.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.secret).not.toBe(old);
    // The receiver still holds the old secret: it refuses the push (401), which is a failure.
    const refused = ok(await push({ targets: ["good"] }), 200, routes.pushSettings.responses[200]);
    expect(refused.failures).toEqual([expect.objectContaining({ name: "good", httpStatus: 401, error: "HTTP 401" })]);
    secrets.set("good", rotated.secret!);
    const accepted = ok(await push({ targets: ["good"] }), 200, routes.pushSettings.responses[200]);
    expect(accepted.successes.map((s) => s.name)).toEqual(["good"]);
    const event = (await t.api("GET", `/api/v1/audit-events?targetId=${ids.good}&action=notify_target.update`)).body.data[0];
    expect(event.after).toMatchObject({ secretRotated: true });
  });

  it("with no target at all, nothing is pushed or written", async () => {
    const before = await counts();
    const ctx = { ...systemContextOf(t) };
    await t.server.db.prisma.notifyTarget.updateMany({ data: { enabled: false } });
    try {
      const result = await pushSettings(ctx, {});
      expect(result).toEqual({ revision: expect.any(Number), successes: [], failures: [] });
      expect(await counts()).toEqual(before);
    } finally {
      await t.server.db.prisma.notifyTarget.updateMany({ where: { name: { not: "disabled" } }, data: { enabled: true } });
    }
  });
});

describe("recorded pushes", () => {
  it("are listed newest first, keyset-paged, with their outcomes; filtered by target name", async () => {
    const all = ok(await t.api("GET", "/api/v1/settings/notify-pushes?limit=200"), 200, routes.listNotifyPushes.responses[200]);
    expect(all.total).toBe(await pushCount());
    const times = all.data.map((p) => p.at);
    expect([...times].sort().reverse()).toEqual(times);
    const hangingPush = all.data.find((p) => p.target === "hanging")!;
    expect(hangingPush).toMatchObject({ ok: false, httpStatus: null, error: `timed out after ${TIMEOUT_MS} ms`, url: hanging.url, targetId: ids.hanging });
    expect(hangingPush.actorId).toEqual(expect.any(String));

    const good = ok(await t.api("GET", "/api/v1/settings/notify-pushes?target=good"), 200, routes.listNotifyPushes.responses[200]);
    expect(good.data.every((p) => p.target === "good")).toBe(true);
    expect(good.total).toBe(4);
    expect(good.data.map((p) => p.ok)).toEqual([true, false, true, true]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = ok(await t.api("GET", `/api/v1/settings/notify-pushes?limit=2${cursor ? `&cursor=${cursor}` : ""}`), 200, routes.listNotifyPushes.responses[200]);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((p: any) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((p) => p.id));
    expectProblem(await t.api("GET", "/api/v1/settings/notify-pushes?cursor=bogus"), 400, "bad_request");
  });

  it("outlive their target: deleting one (204) keeps its pushes, unlinked; audited", async () => {
    const before = await t.server.db.prisma.notifyPush.count({ where: { targetName: "failing" } });
    expect(before).toBeGreaterThan(0);
    expect((await remove(ids.failing!)).status).toBe(204);
    expectProblem(await remove(ids.failing!), 404, "not_found");
    expect((await listTargets()).map((target) => target.name)).not.toContain("failing");
    const kept = ok(await t.api("GET", "/api/v1/settings/notify-pushes?target=failing"), 200, routes.listNotifyPushes.responses[200]);
    expect(kept.total).toBe(before);
    expect(kept.data.every((p) => p.targetId === null)).toBe(true);
    const events = (await t.api("GET", `/api/v1/audit-events?targetId=${ids.failing}`)).body.data;
    expect(events.map((e: any) => e.action)).toEqual(["notify_target.delete", "notify_target.create"]);
  });
});

describe("who may", () => {
  it("settings:read lists targets and pushes, but neither changes nor pushes (403); without it, nothing (403); nothing written", async () => {
    const reader = await apiKeyWith(t, ["settings:read"]);
    const stranger = await apiKeyWith(t, ALL_PERMISSIONS.filter((p) => p !== "settings:read" && p !== "settings:update"));
    const before = await counts();
    const received = good.received.length;
    expect((await t.api("GET", "/api/v1/settings/notify-targets", { token: reader })).status).toBe(200);
    expect((await t.api("GET", "/api/v1/settings/notify-pushes", { token: reader })).status).toBe(200);
    expectProblem(await create({ name: "by-reader", url: good.url }, reader), 403, "forbidden");
    expectProblem(await update(ids.good!, { rotateSecret: true }, reader), 403, "forbidden");
    expectProblem(await remove(ids.good!, reader), 403, "forbidden");
    expectProblem(await push({}, reader), 403, "forbidden");
    expectProblem(await t.api("GET", "/api/v1/settings/notify-targets", { token: stranger }), 403, "forbidden");
    expectProblem(await t.api("GET", "/api/v1/settings/notify-pushes", { token: stranger }), 403, "forbidden");
    expect(good.received.length).toBe(received);
    expect(await counts()).toEqual(before);
  });

  it("the use case refuses a caller without settings:update, whatever door it came through", async () => {
    const ctx = systemContextOf(t, "pryv");
    await expect(pushSettings({ ...ctx, actor: { ...ctx.actor, permissions: ["settings:read"] } }, {})).rejects.toMatchObject({ code: "forbidden", reason: "missing_permission" });
  });
});

const bigints = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

describe("secrets", () => {
  it("are never in list answers, audit events, push records or logs", async () => {
    const shown = [...secrets.values()];
    expect(shown.length).toBeGreaterThan(3);
    const audit = await t.server.db.prisma.auditEvent.findMany();
    const pushes = await t.server.db.prisma.notifyPush.findMany();
    const answers = [
      await t.api("GET", "/api/v1/settings/notify-targets"),
      await t.api("GET", "/api/v1/settings/notify-pushes?limit=200"),
      await t.api("GET", "/api/v1/audit-events?limit=200"),
    ].map((res) => JSON.stringify(res.body));
    const logs = JSON.stringify(logged);
    expect(logged.some((line) => line.msg === "settings push failed")).toBe(true);
    for (const secret of shown) {
      for (const text of [...answers, JSON.stringify(audit, bigints), JSON.stringify(pushes, bigints), logs]) expect(text).not.toContain(secret);
    }
  });

  it("are re-sealed with a new key on rotation, and still sign", async () => {
    const newKey = generateKey();
    const ring = new Keyring([newKey, KEY]);
    expect(await resealSecrets(t.server.db.prisma, ring)).toBeGreaterThanOrEqual(4);
    const row = await t.server.db.prisma.notifyTarget.findUniqueOrThrow({ where: { id: ids.good! } });
    expect(row.secret.split(".")[1]).toBe(ring.currentKeyId);
    expect(ring.open(row.secret, `${SEAL_CONTEXT.notifySecret}:${ids.good}`)).toBe(secrets.get("good"));
    // Bound to its row: it does not open as another target's.
    expect(() => ring.open(row.secret, `${SEAL_CONTEXT.notifySecret}:${ids.spare}`)).toThrow();
  });
});
