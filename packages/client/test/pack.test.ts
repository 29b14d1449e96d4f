/**
 * The package as a user gets it: `pnpm pack` (which builds it), install the
 * tarball into a fresh project from the npm registry, typecheck the README's
 * example against the packed types, compile it and run it against a real
 * Steward server; then a CommonJS (`require`) and an ES module (`import`)
 * consumer, plain JavaScript, in a project of their own, against the server.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEphemeralServer, type RunningServer } from "@steward/server";
import { StewardClient } from "../src/index.js";
import { embeddedSnapshot } from "./support.js";

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
  server = await startEphemeralServer(
    { STEWARD_ADMIN_USERNAME: ADMIN.username, STEWARD_ADMIN_PASSWORD: ADMIN.password },
    { embeddedSnapshot: await embeddedSnapshot() },
  );
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
      "package/dist/index.cjs",
      "package/dist/index.cjs.map",
      "package/dist/index.d.cts",
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
    // Both module systems, each with its own declarations.
    expect(manifest.exports["."]).toEqual({
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
      default: "./dist/index.js",
    });
    expect(manifest).toMatchObject({ type: "module", main: "./dist/index.cjs", types: "./dist/index.d.cts", license: "MIT" });
    expect(manifest.engines.node).toMatch(/^>=\d+/);

    // Types and code are self-contained: the only modules they import are the real dependencies.
    const dist = (file: string) => readFile(path.join(unpacked, "package/dist", file), "utf8");
    const [dts, dcts, js, cjs] = await Promise.all([dist("index.d.ts"), dist("index.d.cts"), dist("index.js"), dist("index.cjs")]);
    for (const code of [dts, dcts, js, cjs]) expect(code).not.toContain("@steward/");
    const imported = (code: string) =>
      [...code.matchAll(/(?:^|\s)(?:import|export)\b[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)]
        .map((m) => m[1] ?? m[2])
        .sort();
    const required = (code: string) => [...code.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
    expect(new Set(imported(dts))).toEqual(new Set(["zod"]));
    expect(new Set(imported(dcts))).toEqual(new Set(["zod"]));
    expect(new Set(imported(js))).toEqual(new Set(["@ts-rest/core", "zod"]));
    // The CommonJS build requires the real dependencies only: no ES module (the contracts) left to `require`.
    expect(new Set(required(cjs))).toEqual(new Set(["@ts-rest/core", "zod"]));
    expect(imported(cjs)).toEqual([]);
    for (const types of [dts, dcts]) {
      expect(types).toMatch(/declare class StewardClient\b/);
      expect(types).toMatch(/declare class StewardError\b/);
      expect(types).toMatch(/declare class StewardTimeoutError\b/);
      // The reasons, as a union to complete in an editor.
      expect(types).toMatch(/type ErrorReason = keyof typeof ERROR_REASONS/);
      expect(types).toMatch(/\blast_admin: "/);
    }
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
    // One run typechecks and compiles: with noEmitOnError, a type error fails it and writes nothing.
    await mustRun(process.execPath, [tsc, "-p", "."], { cwd: projectDir });
    await expect(readFile(path.join(projectDir, "out/example.js"), "utf8")).resolves.toContain("@steward/client");
  });

  it("has real types, not `any`: mistakes are compile errors", async () => {
    await writeFile(
      path.join(projectDir, "mistakes.ts"),
      [
        'import { StewardClient, StewardError, type ErrorReason, type User } from "@steward/client";',
        'const steward = new StewardClient({ baseUrl: "http://localhost:4000" });',
        'const user: User = await steward.users.get("id");',
        "const n: number = user.username;",
        'await steward.users.create({ usernme: "typo" });',
        'await steward.users.update(user.id, { displayName: "x" }, { ifMatch: 3 });',
        'const e = new StewardError(404, {});',
        'if (e.code === "no_such_code") console.log(n);',
        'const r: ErrorReason = "no_such_reason";',
        'if (e.reason === "a_reason_from_a_newer_server" || e.reason === "last_admin") console.log(r);',
        'await steward.users.get("id", { idempotencyKey: "only-on-posts" });',
        'await steward.users.create({ username: "x" }, { idempotencyKey: "k", signal: AbortSignal.timeout(1000), timeout: 5, retry: { retries: 1 } });',
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
    expect(errorLines.map((line) => /^mistakes\.ts\((\d+),/.exec(line)![1])).toEqual(["4", "5", "6", "8", "9", "11"]);
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

  it("gives TypeScript the CommonJS declarations to `require` and the ES ones to `import`", async () => {
    const source = [
      'import { StewardClient, StewardError, StewardTimeoutError, ERROR_REASONS, type ErrorReason } from "@steward/client";',
      'const steward = new StewardClient({ baseUrl: "http://localhost:4000", timeout: 5_000, retry: true });',
      "export async function check(): Promise<ErrorReason | undefined> {",
      "  try {",
      '    await steward.users.create({ username: "x" }, { idempotencyKey: "k" });',
      "  } catch (error) {",
      "    if (error instanceof StewardTimeoutError) return undefined;",
      '    if (error instanceof StewardError && error.reason === "username_taken") return "username_taken";',
      "  }",
      '  return Object.keys(ERROR_REASONS)[0] as ErrorReason;',
      "}",
      "",
    ].join("\n");
    await writeFile(path.join(projectDir, "consumer.cts"), source);
    await writeFile(path.join(projectDir, "consumer.mts"), source);
    await writeFile(
      path.join(projectDir, "tsconfig.consumers.json"),
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true }, files: ["consumer.cts", "consumer.mts"] }),
    );
    const tsc = path.join(projectDir, "node_modules/typescript/bin/tsc");
    const result = await mustRun(process.execPath, [tsc, "-p", "tsconfig.consumers.json", "--explainFiles"], { cwd: projectDir });
    // `--explainFiles` says why each file is in: the .cts file's import resolves to index.d.cts, the .mts one's to index.d.ts.
    expect(result.stdout).toMatch(/node_modules\/@steward\/client\/dist\/index\.d\.cts\n\s+Imported via "@steward\/client" from file 'consumer\.cts'/);
    expect(result.stdout).toMatch(/node_modules\/@steward\/client\/dist\/index\.d\.ts\n\s+Imported via "@steward\/client" from file 'consumer\.mts'/);
  });

  it("runs a CommonJS consumer (`require`) and an ES module consumer (`import`), plain JavaScript, against a live server", async () => {
    // A project of their own, as `npm init` makes it (CommonJS by default), with the tarball alone.
    const consumers = path.join(workDir, "consumers");
    await mkdir(consumers);
    await writeFile(path.join(consumers, "package.json"), JSON.stringify({ name: "steward-client-consumers", version: "1.0.0", private: true }, null, 2));
    await mustRun("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", tarball], { cwd: consumers });

    const body = (format: string) => `
  const steward = new StewardClient({ baseUrl: process.env.STEWARD_URL, timeout: 30_000, retry: true });
  await steward.login(process.env.STEWARD_USERNAME, process.env.STEWARD_PASSWORD);
  const username = "${format}-" + Date.now().toString(36);
  const user = await steward.users.create({ username }, { idempotencyKey: username });
  try {
    await steward.users.create({ username });
    throw new Error("a second user with the same username was created");
  } catch (error) {
    if (!(error instanceof StewardError)) throw error;
    console.log("taken: " + error.status + " " + error.code + " " + error.reason + " known=" + (error.reason in ERROR_REASONS));
  }
  const found = [];
  for await (const each of steward.users.iterate({ q: username }, { signal: AbortSignal.timeout(30_000) })) found.push(each.username);
  console.log("found: " + found.join(","));
  await steward.users.delete(user.id);
  console.log("deleted: " + username + "; timeouts are " + new StewardTimeoutError(1, "GET", "/").name);
`;
    await writeFile(
      path.join(consumers, "consumer.cjs"),
      [
        'const { StewardClient, StewardError, StewardTimeoutError, ERROR_REASONS } = require("@steward/client");',
        'console.log("resolved: " + require.resolve("@steward/client"));',
        `(async () => {${body("cjs")}})().catch((error) => { console.error(error); process.exit(1); });`,
        "",
      ].join("\n"),
    );
    await writeFile(
      path.join(consumers, "consumer.mjs"),
      [
        'import { StewardClient, StewardError, StewardTimeoutError, ERROR_REASONS } from "@steward/client";',
        'import { fileURLToPath } from "node:url";',
        'console.log("resolved: " + fileURLToPath(import.meta.resolve("@steward/client")));',
        body("esm"),
        "",
      ].join("\n"),
    );

    const env = { ...process.env, STEWARD_URL: server.url, STEWARD_USERNAME: ADMIN.username, STEWARD_PASSWORD: ADMIN.password };
    for (const [file, format, entry] of [
      ["consumer.cjs", "cjs", "index.cjs"],
      ["consumer.mjs", "esm", "index.js"],
    ] as const) {
      const result = await run(process.execPath, [file], { cwd: consumers, env });
      expect(result.code, describeRun(`node ${file}`, result)).toBe(0);
      const lines = result.stdout.trim().split("\n");
      expect(lines[0]).toBe(`resolved: ${path.join(consumers, "node_modules/@steward/client/dist", entry)}`);
      const username = /^deleted: (\S+);/m.exec(result.stdout)?.[1];
      expect(username, result.stdout).toMatch(new RegExp(`^${format}-[a-z0-9]+$`));
      expect(lines.slice(1)).toEqual([
        "taken: 409 conflict username_taken known=true",
        `found: ${username}`,
        `deleted: ${username}; timeouts are TimeoutError`,
      ]);
    }
  });
});
