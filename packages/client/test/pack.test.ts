/**
 * The package as a user gets it: `pnpm pack` (which builds it), install the
 * tarball into a fresh project from the npm registry, typecheck the README's
 * example against the packed types, compile it and run it against a real
 * Steward server.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEphemeralServer, type RunningServer } from "@steward/server";
import { StewardClient } from "../src/index.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ADMIN = { username: "admin", password: "admin-password-1" };

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking this process (the server under test lives here). */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function describeRun(what: string, result: RunResult): string {
  return `${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

async function mustRun(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(describeRun(`${command} ${args.join(" ")}`, result));
  return result;
}

/** The first ```ts block of the README. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(path.join(packageDir, "README.md"), "utf8");
  const match = /^```ts\n([\s\S]*?)^```$/m.exec(readme);
  if (!match) throw new Error("README.md has no ```ts code block");
  return match[1]!;
}

let workDir: string;
let projectDir: string;
let tarball: string;
let server: RunningServer;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "steward-client-pack-"));
  projectDir = path.join(workDir, "project");
  server = await startEphemeralServer({ STEWARD_ADMIN_USERNAME: ADMIN.username, STEWARD_ADMIN_PASSWORD: ADMIN.password });
});

afterAll(async () => {
  await server?.close();
  if (workDir && !process.env.KEEP_PACK_TEST) await rm(workDir, { recursive: true, force: true });
});

describe("packed @steward/client", () => {
  it("packs dist, README, LICENSE and package.json only, with no trace of the private contracts package", async () => {
    const packDir = path.join(workDir, "pack");
    await mkdir(packDir);
    // `prepack` builds the package first.
    await mustRun("pnpm", ["pack", "--pack-destination", packDir], { cwd: packageDir });
    const files = await readdir(packDir);
    expect(files).toEqual([expect.stringMatching(/^steward-client-.+\.tgz$/)]);
    tarball = path.join(packDir, files[0]!);

    const listing = await mustRun("tar", ["tzf", tarball], { cwd: workDir });
    expect(listing.stdout.trim().split("\n").sort()).toEqual([
      "package/LICENSE",
      "package/README.md",
      "package/dist/index.d.ts",
      "package/dist/index.js",
      "package/dist/index.js.map",
      "package/package.json",
    ]);

    const unpacked = path.join(workDir, "unpacked");
    await mkdir(unpacked);
    await mustRun("tar", ["xzf", tarball, "-C", unpacked], { cwd: workDir });
    const manifest = JSON.parse(await readFile(path.join(unpacked, "package/package.json"), "utf8"));
    expect(manifest.name).toBe("@steward/client");
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@ts-rest/core", "zod"]);
    expect(manifest.peerDependencies).toBeUndefined();

    // Types and code are self-contained: the only modules they import are the real dependencies.
    const dts = await readFile(path.join(unpacked, "package/dist/index.d.ts"), "utf8");
    const js = await readFile(path.join(unpacked, "package/dist/index.js"), "utf8");
    expect(dts).not.toContain("@steward/");
    expect(js).not.toContain("@steward/");
    const imported = (code: string) =>
      [...code.matchAll(/(?:^|\s)(?:import|export)\b[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)]
        .map((m) => m[1] ?? m[2])
        .sort();
    expect(new Set(imported(dts))).toEqual(new Set(["zod"]));
    expect(new Set(imported(js))).toEqual(new Set(["@ts-rest/core", "zod"]));
    expect(dts).toMatch(/declare class StewardClient\b/);
    expect(dts).toMatch(/declare class StewardError\b/);
  });

  it("installs from the tarball and typechecks the README example (strict, nodenext, lib check on)", async () => {
    expect(tarball, "the pack test must run first").toBeDefined();
    await mkdir(projectDir);
    await writeFile(
      path.join(projectDir, "package.json"),
      JSON.stringify({ name: "steward-client-pack-test", version: "1.0.0", private: true, type: "module" }, null, 2),
    );
    await mustRun(
      "npm",
      ["install", "--no-audit", "--no-fund", "--no-package-lock", tarball, "typescript@5.9.3", "@types/node@^20.19.0"],
      { cwd: projectDir },
    );
    await writeFile(
      path.join(projectDir, "tsconfig.json"),
      JSON.stringify(
        {
          compilerOptions: {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            lib: ["ES2022"],
            types: ["node"],
            strict: true,
            skipLibCheck: false,
            noEmitOnError: true,
            outDir: "out",
          },
          files: ["example.ts"],
        },
        null,
        2,
      ),
    );
    await writeFile(path.join(projectDir, "example.ts"), await readmeExample());
    const tsc = path.join(projectDir, "node_modules/typescript/bin/tsc");
    await mustRun(process.execPath, [tsc, "--noEmit", "-p", "."], { cwd: projectDir });
    await mustRun(process.execPath, [tsc, "-p", "."], { cwd: projectDir });
    await expect(readFile(path.join(projectDir, "out/example.js"), "utf8")).resolves.toContain("@steward/client");
  });

  it("has real types, not `any`: mistakes are compile errors", async () => {
    await writeFile(
      path.join(projectDir, "mistakes.ts"),
      [
        'import { StewardClient, StewardError, type User } from "@steward/client";',
        'const steward = new StewardClient({ baseUrl: "http://localhost:4000" });',
        'const user: User = await steward.users.get("id");',
        "const n: number = user.username;",
        'await steward.users.create({ usernme: "typo" });',
        'await steward.users.update(user.id, { displayName: "x" }, { ifMatch: 3 });',
        'const e = new StewardError(404, {});',
        'if (e.code === "no_such_code") console.log(n);',
        "export {};",
        "",
      ].join("\n"),
    );
    await writeFile(
      path.join(projectDir, "tsconfig.mistakes.json"),
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true }, files: ["mistakes.ts"] }),
    );
    const tsc = path.join(projectDir, "node_modules/typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.mistakes.json"], { cwd: projectDir });
    expect(result.code, describeRun("tsc", result)).not.toBe(0);
    const errorLines = result.stdout.split("\n").filter((line) => line.startsWith("mistakes.ts("));
    expect(errorLines.map((line) => /^mistakes\.ts\((\d+),/.exec(line)![1])).toEqual(["4", "5", "6", "8"]);
  });

  it("runs the compiled README example against a live server", async () => {
    const result = await run(process.execPath, ["out/example.js"], {
      cwd: projectDir,
      env: {
        ...process.env,
        STEWARD_URL: server.url,
        STEWARD_USERNAME: ADMIN.username,
        STEWARD_PASSWORD: ADMIN.password,
      },
    });
    expect(result.code, describeRun("node out/example.js", result)).toBe(0);
    const out = result.stdout;
    const username = /^Created user (ada-[a-z0-9]+) \(([0-9a-f-]{36}), #\d+\)$/m.exec(out);
    expect(username, out).not.toBeNull();
    const [, name, id] = username!;
    expect(out).toMatch(/^Signed in as admin; session ends \d{4}-\d\d-\d\dT/m);
    expect(out).toContain(`Renamed ${name} to "Ada Lovelace"`);
    expect(out).toContain("Stale ETag refused: 412 precondition_failed");
    expect(out).toContain("Refused (400 bad_request):");
    expect(out).toMatch(/^ {2}body\.username: /m);
    expect(out).toMatch(/^ {2}body\.email: /m);
    expect(out).toContain(`Found ${name} <${name}@example.org> active [sdk-example]`);
    expect(out).toMatch(new RegExp(`^API key stk_\\S+… looked up ${name}$`, "m"));
    expect(out).toContain("API key may not delete users: 403 forbidden");
    expect(out).toContain(`Revoked the key, deleted ${name}, signed out`);

    // What the server recorded matches what the script said it did.
    const admin = new StewardClient({ baseUrl: server.url });
    await admin.login(ADMIN.username, ADMIN.password);
    const actions: string[] = [];
    for await (const event of admin.auditEvents.iterate({ targetId: id })) actions.push(event.action);
    expect(actions.reverse()).toEqual(["user.create", "user.update", "user.delete"]);
    const keys: { name: string; revokedAt: string | null }[] = [];
    for await (const key of admin.apiKeys.iterate({ includeRevoked: true })) keys.push(key);
    expect(keys).toEqual([expect.objectContaining({ name: "sdk example (read-only)", revokedAt: expect.any(String) })]);
    expect((await admin.users.list({ q: "ada-" })).total).toBe(0);
  });
});
