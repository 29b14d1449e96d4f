import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL only: several operators save the settings they all read at the
// same revision. The update locks the document row before it compares the
// revision, so exactly one PUT lands; every other one is 412
// `settings_changed`, and the document moved by exactly one revision.
const PARALLEL = 12;
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "8" });
});
afterAll(() => t?.close());

describe(`${PARALLEL} settings PUTs with the same If-Match`, () => {
  it("exactly one wins; the others are 412 and change nothing", async () => {
    const read = await t.api("GET", "/api/v1/settings");
    const etag = read.headers.get("etag")!;
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.api("PUT", "/api/v1/settings", {
          body: { ...read.body.settings, siteName: `Racer ${i}` },
          headers: { "if-match": etag },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200), JSON.stringify(statuses)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(412);
      expect(refused.body.reason).toBe("settings_changed");
    }
    const winner = answers.find((a) => a.status === 200)!;
    const after = (await t.api("GET", "/api/v1/settings")).body;
    expect(after.revision).toBe(read.body.revision + 1);
    expect(after.settings.siteName).toBe(winner.body.settings.siteName);
  }, 60_000);
});
