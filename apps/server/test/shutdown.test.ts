import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startChildServer, type ChildServer, type Exit } from "./support/child-server.ts";
import { openRaw } from "./support/raw-http.ts";

const ADMIN = { username: "admin", password: "admin-password-for-tests" };
const GRACE_SECONDS = 3;
const TIMEOUT_SECONDS = 10;
/** The simulated load balancer's own probe period, part of what it simulates: not a wait for the server. */
const PROBE_PERIOD_MS = 150;
/** Answers the traffic clients have had before the sign-ins start: the traffic is flowing. */
const TRAFFIC_GOING = 8;

type Outcome =
  | { kind: "answered"; status: number; connection: string | undefined; body: string; sentAt: number; answeredAt: number }
  /** ECONNREFUSED: a new connection after the listener closed; the request was never sent. */
  | { kind: "refused"; sentAt: number }
  /** Sent, and never answered: reset, hang up, cut. */
  | { kind: "lost"; error: string; sentAt: number };

/** A request on its way: its outcome, and `written`, true once the whole request is written to the connection (false if it failed first). */
type Sending = Promise<Outcome> & { written: Promise<boolean> };

function send(agent: http.Agent, base: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Sending {
  const sentAt = performance.now();
  let wasWritten!: (written: boolean) => void;
  const written = new Promise<boolean>((resolve) => (wasWritten = resolve));
  const outcome = new Promise<Outcome>((resolve) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body) headers["content-type"] = "application/json";
    const req = http.request(base + path, { method, agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () =>
        resolve({ kind: "answered", status: res.statusCode!, connection: res.headers.connection, body: text, sentAt, answeredAt: performance.now() }),
      );
      res.on("error", (err) => resolve({ kind: "lost", error: String(err), sentAt }));
    });
    req.on("finish", () => wasWritten(true));
    req.on("error", (err: NodeJS.ErrnoException) => {
      wasWritten(false);
      resolve(err.code === "ECONNREFUSED" ? { kind: "refused", sentAt } : { kind: "lost", error: err.code ?? err.message, sentAt });
    });
    req.end(body);
  });
  return Object.assign(outcome, { written });
}

function exitWithin(server: ChildServer, ms: number): Promise<Exit | "still running"> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    server.exited.finally(() => clearTimeout(timer)),
    new Promise<"still running">((resolve) => (timer = setTimeout(() => resolve("still running"), ms))),
  ]);
}

let child: ChildServer | undefined;
afterEach(() => {
  if (child?.child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});

describe("shutdown on SIGTERM", () => {
  it("drains: readiness says shutting_down while requests are still served, in-flight requests are answered, nothing sent is reset, exit 0", async () => {
    const server = await startChildServer({
      DATABASE_URL: "pglite:memory",
      STEWARD_ADMIN_USERNAME: ADMIN.username,
      STEWARD_ADMIN_PASSWORD: ADMIN.password,
      STEWARD_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      STEWARD_SHUTDOWN_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
      // Slow sign-ins (about a second of argon2), to have some in flight at the signal.
      STEWARD_ARGON2_ITERATIONS: "100",
    });
    child = server;
    const base = server.url;
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const probes = new http.Agent({ keepAlive: false });
    try {
      const login = await send(keepAlive, base, "POST", "/api/v1/auth/login", { body: ADMIN });
      expect(login.kind === "answered" && login.status).toBe(200);
      const token = JSON.parse((login as { body: string }).body).token as string;

      // The load balancer: sends while it believes the instance ready, and
      // takes it out after two readiness failures in a row.
      let inRotation = true;
      let outOfRotationAt = Infinity;
      let firstNotReadyAt = Infinity;
      const readiness: Outcome[] = [];
      const probing = (async () => {
        let failures = 0;
        for (;;) {
          const probe = await send(probes, base, "GET", "/readyz");
          readiness.push(probe);
          if (probe.kind !== "answered") break;
          if (probe.status === 503) {
            firstNotReadyAt = Math.min(firstNotReadyAt, probe.answeredAt);
            if (++failures >= 2 && inRotation) {
              inRotation = false;
              outOfRotationAt = performance.now();
            }
          }
          await new Promise((r) => setTimeout(r, PROBE_PERIOD_MS));
        }
        inRotation = false;
      })();
      const traffic: Outcome[] = [];
      let trafficIsGoing!: () => void;
      const trafficGoing = new Promise<void>((resolve) => (trafficIsGoing = resolve));
      const clients = Array.from({ length: 4 }, async () => {
        while (inRotation) {
          traffic.push(await send(keepAlive, base, "GET", "/api/v1/users?limit=5", { token }));
          if (traffic.filter((o) => o.kind === "answered").length >= TRAFFIC_GOING) trafficIsGoing();
        }
      });

      // The traffic flowing (or the clients already stopped: the assertions below say why).
      await Promise.race([trafficGoing, Promise.all(clients)]);
      const signIns = Array.from({ length: 3 }, () => send(keepAlive, base, "POST", "/api/v1/auth/login", { body: ADMIN }));
      // Each sign-in wholly sent, so in flight at the signal: the grace period keeps the
      // listener open long after, and each takes about a second of argon2.
      expect(await Promise.all(signIns.map((s) => s.written))).toEqual([true, true, true]);
      const signalAt = performance.now();
      server.kill("SIGTERM");

      const exit = await exitWithin(server, (GRACE_SECONDS + TIMEOUT_SECONDS + 15) * 1000);
      const signInOutcomes = await Promise.all(signIns);
      await Promise.all([probing, ...clients]);

      // Every request sent while the instance was in rotation got an answer.
      // The balancer goes on probing the instance it took out until a probe
      // goes unanswered: the one that meets the listener closing may be reset
      // (the kernel resets a connection not yet accepted), which is the
      // balancer learning that the instance is gone, not a client's loss.
      const probesInRotation = readiness.filter((o) => o.sentAt < outOfRotationAt);
      const lost = [...traffic, ...signInOutcomes, ...probesInRotation].filter((o) => o.kind === "lost");
      expect(lost).toEqual([]);
      expect(readiness.slice(0, -1).every((o) => o.kind === "answered")).toBe(true);
      expect(traffic.filter((o) => o.kind === "answered").length).toBeGreaterThan(0);

      // The sign-ins in flight at the signal were answered, after it.
      for (const o of signInOutcomes) {
        expect(o.kind === "answered" && o.status).toBe(200);
        expect(o.kind === "answered" && o.answeredAt > signalAt).toBe(true);
      }

      // Readiness said so during the grace period, while the API still answered.
      const notReady = readiness.filter((o) => o.kind === "answered" && o.status === 503);
      expect(notReady.length).toBeGreaterThanOrEqual(2);
      for (const o of notReady) expect(JSON.parse((o as { body: string }).body)).toEqual({ status: "shutting_down" });
      const servedWhileDraining = traffic.filter((o) => o.kind === "answered" && o.sentAt > firstNotReadyAt);
      expect(servedWhileDraining.length).toBeGreaterThan(0);
      // ... each answer closing its connection, so no keep-alive client comes back on it.
      for (const o of servedWhileDraining) {
        expect(o.kind === "answered" && o.status).toBe(200);
        expect(o.kind === "answered" && o.connection).toBe("close");
      }

      expect(exit).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain("shut down: every request answered");
    } finally {
      keepAlive.destroy();
      probes.destroy();
    }
  }, 90_000);

  it("cuts the connections still busy after the timeout, and exits 1 saying so", async () => {
    const server = await startChildServer({
      DATABASE_URL: "pglite:memory",
      STEWARD_SHUTDOWN_GRACE_SECONDS: "0",
      STEWARD_SHUTDOWN_TIMEOUT_SECONDS: "1",
    });
    child = server;
    // A request whose body never finishes arriving stays in flight. Its
    // `Expect: 100-continue` makes the server say when it has parsed the
    // headers and handed the request to the app: then it is in flight.
    const stuck = await openRaw(server.url);
    stuck.socket.write(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n{",
    );
    const inFlight = await stuck.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
    expect(inFlight, "100 Continue before the signal").not.toBeNull();
    server.kill("SIGTERM");

    const exit = await exitWithin(server, 20_000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(server.output()).toMatch(/"msg":"shutdown timed out: connections cut with requests in flight"[^\n]*"cutConnections":1/);
    await stuck.closed;
    // Cut without an answer: nothing after the 100 Continue.
    expect(stuck.received().slice(inFlight![0].length)).toBe("");
  }, 60_000);
});
