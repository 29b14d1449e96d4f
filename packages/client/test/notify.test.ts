import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stewardError, serverWithAdmin } from "./support.js";

// Notify through the SDK: targets made, the settings pushed to a receiver
// that checks the signature the way the README tells receivers to.
const t = serverWithAdmin({ username: "admin", password: "admin-password-1" });

/** The README's receiver check: HMAC-SHA256 of "<t>.<body>", and `t` within five minutes. */
function verify(secret: string, header: string, body: string): boolean {
  const { t: ts, v1 } = Object.fromEntries(header.split(",").map((part) => part.split("=")));
  if (!ts || !v1 || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${ts}.${body}`).digest();
  const given = Buffer.from(v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let receiver: Server;
let url = "";
let secret = "";
const bodies: { body: string; verified: boolean }[] = [];
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const verified = verify(secret, String(req.headers["steward-signature"] ?? ""), body);
      bodies.push({ body, verified });
      res.statusCode = verified ? 200 : 401;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/settings`;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

describe("settings.notifyTargets and settings.notify", () => {
  it("registers a target (secret once), pushes the settings signed, lists the push; rotates and deletes", async () => {
    const created = await t.admin.settings.notifyTargets.create({ name: "sdk-receiver", url });
    expect(created).toMatchObject({ name: "sdk-receiver", url, enabled: true, lastPush: null });
    secret = created.secret;
    expect((await t.admin.settings.notifyTargets.list()).data).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);

    const result = await t.admin.settings.notify();
    const document = await t.admin.settings.get();
    expect(result).toEqual({ revision: document.revision, successes: [{ name: "sdk-receiver", url, httpStatus: 200, durationMs: expect.any(Number) }], failures: [] });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.verified).toBe(true);
    expect(JSON.parse(bodies[0]!.body)).toEqual({ ...document, pushedAt: expect.any(String) });

    const rotated = await t.admin.settings.notifyTargets.rotateSecret(created.id);
    expect(rotated.secret).not.toBe(secret);
    const refused = await t.admin.settings.notify(["sdk-receiver"]);
    expect(refused.failures).toEqual([expect.objectContaining({ name: "sdk-receiver", httpStatus: 401 })]);
    secret = rotated.secret;
    expect((await t.admin.settings.notify(["sdk-receiver"])).successes).toHaveLength(1);

    const pushes = [];
    for await (const push of t.admin.settings.notifyPushes.iterate({ target: "sdk-receiver", limit: 1 })) pushes.push(push);
    expect(pushes.map((push) => push.ok)).toEqual([true, false, true]);
    expect((await t.admin.settings.notifyTargets.list()).data[0]!.lastPush).toMatchObject({ ok: true, httpStatus: 200 });

    expect((await t.admin.settings.notifyTargets.update(created.id, { enabled: false })).enabled).toBe(false);
    expect(await stewardError(() => t.admin.settings.notify(["sdk-receiver"]))).toMatchObject({ status: 422, problem: { reason: "notify_target_disabled" } });
    expect(await stewardError(() => t.admin.settings.notify(["nobody"]))).toMatchObject({ status: 422, problem: { reason: "unknown_notify_target" } });
    expect(await stewardError(() => t.admin.settings.notifyTargets.create({ name: "ftp", url: "ftp://example.org/" }))).toMatchObject({
      status: 422,
      problem: { reason: "invalid_notify_url" },
    });
    await t.admin.settings.notifyTargets.delete(created.id);
    expect((await t.admin.settings.notifyTargets.list()).data).toEqual([]);
    expect(await stewardError(() => t.admin.settings.notifyTargets.delete(created.id))).toMatchObject({ status: 404, problem: { reason: "notify_target_not_found" } });
    expect((await t.admin.settings.notifyPushes.list()).total).toBe(3);
  });
});
