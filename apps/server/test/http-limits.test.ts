import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEphemeralServer, type RunningServer } from "../src/index.ts";
import { embeddedSnapshot } from "./harness.ts";
import { flood, openRaw, trickle, type RawConnection } from "./support/raw-http.ts";

// HTTP-level limits only: what is behind them (the database) does not matter here.
let server: RunningServer;
beforeAll(async () => {
  server = await startEphemeralServer({
    STEWARD_HEADERS_TIMEOUT_SECONDS: "1",
    STEWARD_REQUEST_TIMEOUT_SECONDS: "2",
    STEWARD_KEEP_ALIVE_TIMEOUT_SECONDS: "1",
  }, { embeddedSnapshot: await embeddedSnapshot() });
});
afterAll(() => server?.close());

const HEALTH = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
const LOGIN_BODY = JSON.stringify({ username: "nobody-at-all", password: "not-the-password-either" });

describe("slow or idle clients", () => {
  it("cuts off a client that trickles its headers slower than the headers timeout", async () => {
    const conn = await openRaw(server.url);
    const head = `GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${"p".repeat(60)}\r\n\r\n`;
    const { sentAll } = await trickle(conn, head, 100);
    expect(sentAll).toBe(false);
    await conn.closed;
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("cuts off a request whose body trickles past the request timeout", async () => {
    const conn = await openRaw(server.url);
    conn.socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${LOGIN_BODY.length}\r\n\r\n`,
    );
    const { sentAll } = await trickle(conn, LOGIN_BODY, 100);
    expect(sentAll).toBe(false);
    await conn.closed;
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes an idle keep-alive connection after the keep-alive timeout", async () => {
    const conn = await openRaw(server.url);
    conn.socket.write(HEALTH);
    expect(await conn.waitFor(/^HTTP\/1\.1 200 [^]*\r\n\r\n\{"status":"ok"\}/)).not.toBeNull();
    const closedInTime = await Promise.race([conn.closed.then(() => true), sleep(5_000).then(() => false)]);
    conn.socket.destroy();
    expect(closedInTime).toBe(true);
  });
});

describe("bodies over the limit", () => {
  const FIFTY_MB = 50 * 1024 * 1024;

  /** Answered 413 as a problem, with `Connection: close`, then closed. */
  async function expectRefusedAndClosed(conn: RawConnection): Promise<void> {
    await conn.closed;
    const answer = conn.received();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json/i);
    expect(answer).toContain('"code":"payload_too_large"');
  }

  it("stops reading a chunked upload once it passes the limit: 413, then the connection is closed", async () => {
    const conn = await openRaw(server.url);
    conn.socket.write(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    const { written } = await flood(conn, FIFTY_MB, true);
    // What the two kernels' socket buffers hold at most, not the whole upload.
    expect(written).toBeLessThan(FIFTY_MB / 5);
    await expectRefusedAndClosed(conn);
  });

  it("refuses a declared length over the limit without reading the body", async () => {
    const conn = await openRaw(server.url);
    conn.socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${FIFTY_MB}\r\n\r\n`,
    );
    const { written } = await flood(conn, FIFTY_MB, false);
    expect(written).toBeLessThan(FIFTY_MB / 5);
    await expectRefusedAndClosed(conn);
  });
});

describe("bodies outside the API", () => {
  it("are not parsed: a malformed JSON body to an unknown path gets the 404 problem, not an error page", async () => {
    const res = await fetch(`${server.url}/nowhere`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    const text = await res.text();
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text).code).toBe("not_found");
  });
});

describe("connection cap", () => {
  it("does not serve connections beyond STEWARD_MAX_CONNECTIONS while the cap is reached", async () => {
    const capped = await startEphemeralServer({ STEWARD_MAX_CONNECTIONS: "3" }, { embeddedSnapshot: await embeddedSnapshot() });
    const held: RawConnection[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const conn = await openRaw(capped.url);
        conn.socket.write(HEALTH);
        expect(await conn.waitFor(/^HTTP\/1\.1 200 /), `connection ${i + 1}`).not.toBeNull();
        held.push(conn);
      }
      const extra = await openRaw(capped.url);
      extra.socket.write(HEALTH);
      expect(await extra.waitFor(/^HTTP/)).toBeNull();
      expect(extra.received()).toBe("");

      // One connection released: the next one is served.
      held.shift()!.socket.destroy();
      let served = false;
      for (let attempt = 0; attempt < 50 && !served; attempt++) {
        const next = await openRaw(capped.url);
        next.socket.write(HEALTH);
        served = (await next.waitFor(/^HTTP\/1\.1 200 /)) !== null;
        if (served) held.push(next);
        else await sleep(100);
      }
      expect(served).toBe(true);
    } finally {
      held.forEach((c) => c.socket.destroy());
      await capped.close();
    }
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
