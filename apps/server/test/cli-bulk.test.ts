import { writeFileSync } from "node:fs";
import path from "node:path";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import { describe, expect, it } from "vitest";
import { startEphemeralServer } from "../src/index.ts";
import { stewardCli } from "./support/cli-runner.ts";

// `steward import-users` and `steward export-users`, run as an operator runs
// them (a child process, configured by the environment), on a fresh
// database; checked through a real server started on it after.
const cli = stewardCli("steward-cli-bulk");

describe("steward import-users / export-users", () => {
  it("imports an NDJSON file through the import use case (audited as `cli`), exports it back, and the imported password signs in", async () => {
    const hash = await bcryptHash("cli-imported-password", 8);
    const file = path.join(cli.dir, "users.ndjson");
    writeFileSync(file, [{ username: "cli-ann", email: "ann@example.org", tags: ["cli"], passwordHash: hash }, { username: "cli-bob", roles: ["moderator"] }].map((row) => JSON.stringify(row)).join("\n"));

    const dry = await cli.run(["import-users", file, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, created: 2, failed: 0 });

    const run = await cli.run(["import-users", file]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: false, rows: 2, created: 2, failed: 0, landed: [{ firstLine: 1, lastLine: 2 }] });
    expect(run.stderr).toMatch(/lines 1-2: committed, 2 created, 0 failed/);

    const exported = await cli.run(["export-users", "--with-password-hashes"]);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = exported.stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({ type: "end", nextCursor: null });
    expect(lines.find((row) => row.username === "cli-ann")).toMatchObject({ email: "ann@example.org", tags: ["cli"], passwordHash: hash });
    expect(lines.find((row) => row.username === "cli-bob")).toMatchObject({ roles: ["moderator"] });

    const csv = await cli.run(["export-users", "--format", "csv"]);
    expect(csv.stdout.split("\r\n")[0]).toMatch(/^numericId,id,username,/);

    const server = await startEphemeralServer({ ...cli.env, STEWARD_ADMIN_USERNAME: "bootstrap-admin", STEWARD_ADMIN_PASSWORD: "bootstrap-admin-password" });
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "cli-ann", password: "cli-imported-password" }),
      });
      expect(login.status).toBe(200);
      const events = await server.db.prisma.auditEvent.findMany({ where: { action: { in: ["user.import", "user.export"] } } });
      expect(events.map((event) => [event.action, event.dialect, event.actorLabel])).toEqual([
        ["user.import", "cli", "cli"],
        ["user.export", "cli", "cli"],
      ]);
    } finally {
      await server.close();
    }
  }, 240_000);

  it("reads CSV from standard input; a bad row is listed with its line and the exit code is 1; a bad header writes nothing", async () => {
    const bad = await cli.run(["import-users", "-", "--format", "csv"], "username,email\ncli-carol,carol@example.org\ncli-dave,not-an-email\n");
    expect(bad.code).toBe(1);
    const summary = JSON.parse(bad.stdout);
    expect(summary).toMatchObject({ created: 1, failed: 1, errors: [{ line: 3, field: "email", reason: "invalid_field" }] });
    const header = await cli.run(["import-users", "-", "--format", "csv"], "name\nx\n");
    expect(header.code).toBe(1);
    expect(header.stderr).toMatch(/Unknown column/);
  }, 120_000);
});
