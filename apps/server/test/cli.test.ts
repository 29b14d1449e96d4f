import path from "node:path";
import { describe, expect, it } from "vitest";
import { startEphemeralServer } from "../src/index.ts";
import { stewardCli } from "./support/cli-runner.ts";

// The `steward` command, run as an operator runs it (a child process, the
// environment for configuration), on a fresh data folder (or a fresh
// PostgreSQL database under test:pg), then checked through a real server
// started on the same database.
/** The admin the first test makes, for reading the audit log after. */
let opsPassword: string;
const cli = stewardCli("steward-cli");

/** A real server on the CLI's database, for `work`; closed after. */
async function withServer<T>(work: (url: string) => Promise<T>): Promise<T> {
  const server = await startEphemeralServer({ ...cli.env, STEWARD_ADMIN_USERNAME: "bootstrap-admin", STEWARD_ADMIN_PASSWORD: "bootstrap-admin-password" });
  try {
    return await work(server.url);
  } finally {
    await server.close();
  }
}

const login = (url: string, username: string, password: string) =>
  fetch(`${url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });

describe("steward (the command line)", () => {
  it("creates the first admin on a fresh database, printing its generated password once; it signs in and holds the admin role", async () => {
    const made = await cli.run(["create-admin", "ops", "--email", "ops@example.org"]);
    expect(made.code, made.stderr).toBe(0);
    const password = /password: (\S+)/.exec(made.stdout)?.[1];
    expect(password).toBeTruthy();
    expect(made.stderr).not.toContain(password!);
    opsPassword = password!;
    await withServer(async (url) => {
      const res = await login(url, "ops", password!);
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      const me = (await (await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { user: { roles: string[] } };
      expect(me.user.roles).toEqual(["admin"]);
      // The server found an admin already: it made none of its own.
      expect((await login(url, "bootstrap-admin", "bootstrap-admin-password")).status).toBe(401);
    });
  });

  it("resets a password (printed once; the old one stops working, sessions end) and makes a user with a password from stdin; audited as `cli`", async () => {
    await cli.run(["create-user", "amy", "--password-stdin"], "amy-chosen-password\n");
    const reset = await cli.run(["reset-password", "amy"]);
    expect(reset.code, reset.stderr).toBe(0);
    const password = /new password for amy: (\S+)/.exec(reset.stdout)?.[1];
    await withServer(async (url) => {
      expect((await login(url, "amy", "amy-chosen-password")).status).toBe(401);
      expect((await login(url, "amy", password!)).status).toBe(200);
      const { token } = (await (await login(url, "ops", opsPassword)).json()) as { token: string };
      const audit = (await (await fetch(`${url}/api/v1/audit-events?dialect=cli&limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        data: { action: string; actor: { type: string; label: string | null }; after: unknown }[];
      };
      expect(audit.data.map((event) => event.action).sort()).toEqual(["user.create", "user.create", "user.password.reset"]);
      for (const event of audit.data) expect(event.actor).toMatchObject({ type: "system", label: "cli" });
      expect(JSON.stringify(audit.data)).not.toContain(password!);
    });
  });

  it("refuses what the API refuses, with a message and a non-zero exit, writing nothing", async () => {
    const bad = await cli.run(["create-user", "bad name"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/username: /);
    const unknown = await cli.run(["reset-password", "nobody-here"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/not found/i);
    expect((await cli.run(["no-such-command"])).code).toBe(2);
    expect((await cli.run(["create-user", "x", "--no-such-flag"])).code).toBe(2);
  });

  it("checks the configuration and migrates; rotates the key file, re-sealing what the old key sealed", async () => {
    const check = await cli.run(["check-config"]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/configuration: ok/);
    expect((await cli.run(["migrate"])).stdout).toMatch(/up to date/);
    const rotated = await cli.run(["rotate-key", "--drop-old"]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/new key [0-9a-f]{8} first/);
    expect(rotated.stdout).toMatch(/old keys dropped/);
    expect((await cli.run(["check-config"])).stdout).toMatch(/every one opens/);
  });
});
