#!/usr/bin/env node
// Lints every OpenAPI document the server serves (`/api/v1/openapi.json` and
// each dialect's `<base>/openapi.json`) with Redocly (`recommended`, see
// redocly.yaml) and Spectral (`spectral:oas`, see .spectral.yaml), and fails
// on any error or warning from either. Starts no server: it imports the
// server's generation functions (through tsx, as the server's own scripts
// run TypeScript) and writes the documents to a temporary folder.
// Needs the workspace packages built (`pnpm lint:openapi` builds them first).
// `--keep` leaves the documents in the temporary folder.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const server = path.join(root, "apps/server");
const bin = (name) => path.join(root, "node_modules/.bin", name);

const tsxPackage = createRequire(path.join(server, "package.json")).resolve("tsx/package.json");
const { tsImport } = await import(pathToFileURL(path.join(path.dirname(tsxPackage), "dist/esm/api/index.mjs")).href);
// One import: every module in one graph, so the schemas the generator names are the contracts' own objects.
const { openApiDocuments } = await tsImport(pathToFileURL(path.join(server, "src/http/openapi-documents.ts")).href, import.meta.url);
const documents = openApiDocuments();

const dir = mkdtempSync(path.join(tmpdir(), "steward-openapi-"));
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };

/** Runs a linter that prints JSON on stdout (Redocly: one value per file, one after the other); its exit code is ours to judge from the counts. */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  const values = jsonValues(result.stdout);
  if (!values.length) throw new Error(`${path.basename(command)} ${args.join(" ")} printed no JSON (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return values;
}

/** The JSON values in `text`, one after another (what is around them skipped). */
function jsonValues(text) {
  const values = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) inString = true;
    else if (c === "{" || c === "[") {
      if (depth++ === 0) start = i;
    } else if ((c === "}" || c === "]") && depth > 0 && --depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
  }
  return values;
}

const SPECTRAL_SEVERITY = ["error", "warning", "info", "hint"];
const files = Object.fromEntries(
  Object.entries(documents).map(([name, document]) => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(document, null, 2));
    return [name, file];
  }),
);
// One run of each linter over every document; their findings are told apart by file.
const redocly = { problems: run(bin("redocly"), ["lint", ...Object.values(files), "--config", path.join(root, "redocly.yaml"), "--format=json"]).flatMap((report) => report.problems) };
const [spectral] = run(bin("spectral"), ["lint", ...Object.values(files), "--ruleset", path.join(root, ".spectral.yaml"), "--format=json", "--quiet"]);
const rows = [];
const problems = [];
for (const [name, file] of Object.entries(files)) {
  const redoclyHere = redocly.problems.filter((problem) => path.resolve(root, problem.location?.[0]?.source?.ref ?? "") === file);
  const spectralHere = spectral.filter((result) => path.resolve(root, result.source ?? "") === file && result.severity <= 1);
  rows.push({
    document: name,
    "size (KB)": Math.round(Buffer.byteLength(JSON.stringify(documents[name])) / 1024),
    "redocly errors": redoclyHere.filter((problem) => problem.severity === "error").length,
    "redocly warnings": redoclyHere.filter((problem) => problem.severity === "warn").length,
    "spectral errors": spectralHere.filter((result) => result.severity === 0).length,
    "spectral warnings": spectralHere.filter((result) => result.severity === 1).length,
  });
  for (const problem of redoclyHere) problems.push(`${name}: redocly ${problem.severity} ${problem.ruleId} at ${problem.location?.[0]?.pointer ?? "?"}: ${problem.message}`);
  for (const result of spectralHere) problems.push(`${name}: spectral ${SPECTRAL_SEVERITY[result.severity]} ${result.code} at #/${result.path.join("/")}: ${result.message}`);
}
// Whatever could not be told apart still counts.
const told = problems.length;
const redoclyAll = redocly.problems.filter((problem) => problem.severity === "error" || problem.severity === "warn").length;
const spectralAll = spectral.filter((result) => result.severity <= 1).length;
if (redoclyAll + spectralAll !== told) problems.push(`${redoclyAll + spectralAll - told} finding(s) not matched to a document: run with --keep and lint the files by hand`);

console.table(rows);
for (const problem of problems) console.error(problem);
if (process.argv.includes("--keep")) console.log(`documents kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
if (problems.length) {
  console.error(`OpenAPI lint: ${problems.length} problem(s); the goal is none (fix the generator, not the rules).`);
  process.exit(1);
}
console.log(`OpenAPI lint: ${rows.length} documents, no error and no warning from Redocly or Spectral.`);
