// Node stand-in for Prisma's native `schema-engine` binary (see README.md).
//
// The Prisma CLI spawns it as
//   schema-engine [--datamodels <file>]... [--datasource <json>] [...]   (JSON-RPC on stdio)
//   schema-engine --datasource <json> cli <command>                      (one-shot)
//   schema-engine --version
// and we forward the JSON-RPC methods to @prisma/schema-engine-wasm, which
// talks to the database through a driver adapter (./adapters.mjs).
import { readFileSync } from "node:fs";
import readline from "node:readline";
import { loadWasm } from "./wasm.mjs";
import { adapterFor, createDatabase, dropDatabase } from "./adapters.mjs";

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--datamodels") args.datamodels.push(argv[++i]);
    else if (a === "--datasource" || a === "-d") {
      const v = argv[++i];
      args.datasource = v.trimStart().startsWith("{") ? JSON.parse(v) : { url: v };
    } else if (a === "--version" || a === "-V") args.version = true;
    else if (a === "cli") args.cli = argv[++i];
    else if (a === "--enabled-preview-features" || a === "--extension-types") i++; // not used by the wasm engine
  }
  return args;
}

// Log lines the CLI understands on stderr. In `cli` mode it skips the first
// stderr line and JSON-parses every other one, so lead with an INFO line.
function logError(message, errorCode) {
  const fields = errorCode ? { message, error_code: errorCode } : { message };
  const line = (level, fields) => JSON.stringify({ level, target: "schema_engine::logger", fields });
  process.stderr.write(line("INFO", { message: "Starting schema engine CLI (wasm stand-in)" }) + "\n");
  process.stderr.write(line("ERROR", fields) + "\n");
}

// Maps a pg connection error to the Prisma error code the CLI reacts to
// (P1003 makes `migrate dev` offer to create the database).
function pgErrorCode(e, url) {
  const u = new URL(url);
  const db = decodeURIComponent(u.pathname.slice(1));
  if (e.code === "3D000") return ["P1003", `Database \`${db}\` does not exist on the database server at \`${u.host}\`.`];
  if (e.code === "42P04") return ["P1009", `Database \`${db}\` already exists on the database server at \`${u.host}\``];
  if (e.code === "28P01" || e.code === "28000") return ["P1000", `Authentication failed against database server at \`${u.host}\`.`];
  if (e.code === "ECONNREFUSED" || e.code === "ENOTFOUND") return ["P1001", `Can't reach database server at \`${u.host}\``];
  return [undefined, e.message];
}

async function canConnect(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => {});
  }
}

async function runCli(command, datasource) {
  const url = datasource?.url;
  const db = url && decodeURIComponent(new URL(url).pathname.slice(1));
  try {
    if (command === "can-connect-to-database") await canConnect(url);
    else if (command === "create-database") await createDatabase(url, db);
    else if (command === "drop-database") await dropDatabase(url, db);
    else throw new Error(`schema-engine stand-in: unknown cli command ${command}`);
    process.exit(0);
  } catch (e) {
    const [code, message] = pgErrorCode(e, url);
    logError(message, code);
    process.exit(1);
  }
}

// Methods that write `_prisma_migrations` (or belong to `migrate dev`, which
// does); we create the table before them (see ensureMigrationsTable). The
// read-only diagnoseMigrationHistory (`migrate status`) is left alone.
const HISTORY_METHODS = new Set([
  "applyMigrations", "devDiagnostic", "markMigrationApplied",
  "markMigrationRolledBack", "createMigration", "evaluateDataLoss",
]);

// A diff between schema files, "empty" and migration folders needs no main
// database (migrations are replayed in a shadow database).
const needsNoMainDatabase = (method, params) =>
  method === "diff" && [params?.from, params?.to].every((t) => ["empty", "schemaDatamodel", "migrations"].includes(t?.tag));

// The wasm engine only attaches the adapter's shadow database while handling
// devDiagnostic, and another call in between (e.g. applyMigrations in
// `migrate dev`) loses it again; diff wires its own. These methods need it,
// so they run right after a devDiagnostic.
const needsShadowFromDevDiagnostic = (method, params) =>
  method === "createMigration" || method === "evaluateDataLoss" ||
  (method === "diagnoseMigrationHistory" && params?.optInToShadowDatabase);

async function runRpc(args) {
  const { SchemaEngine } = await loadWasm();
  // The engine wants `[path, content][]`, or undefined (never an empty list).
  const datamodels = args.datamodels.length
    ? args.datamodels.map((file) => [file, readFileSync(file, "utf8")])
    : undefined;
  const log = (line) => process.stderr.write(String(line) + "\n");

  // Built on the first request, which tells whether the main database is needed.
  let engine, factory;
  async function engineFor(method, params) {
    if (!engine) {
      const adapter = adapterFor(args.datasource, { offline: needsNoMainDatabase(method, params) });
      factory = adapter.factory;
      engine = await SchemaEngine.new({ datamodels }, log, adapter.bound);
    }
    return engine;
  }

  const send = (msg) => process.stdout.write(JSON.stringify(msg) + "\n");
  let nextPrintId = 1_000_000_000;
  const printWaiters = new Map();
  // The native engine prints `migrate diff` output through a "print" request
  // to the CLI (which writes it to its stdout, or to --output) and returns
  // stdout: null. Do the same so --output and capture keep working.
  const print = (content) =>
    new Promise((resolve) => {
      const id = nextPrintId++;
      printWaiters.set(id, resolve);
      send({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });

  let lastMethod;
  async function call(method, params) {
    const engine = await engineFor(method, params);
    if (HISTORY_METHODS.has(method)) await factory.ensureMigrationsTable();
    if (needsShadowFromDevDiagnostic(method, params) && lastMethod !== "devDiagnostic") {
      await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
    }
    lastMethod = method;

    switch (method) {
      case "getDatabaseVersion":
        return engine.version(params ?? undefined);
      case "createDatabase": {
        const url = params?.datasource?.url ?? args.datasource?.url;
        const databaseName = decodeURIComponent(new URL(url).pathname.slice(1));
        await createDatabase(url, databaseName);
        return { databaseName };
      }
      case "diff": {
        const { stdout, ...rest } = await engine.diff(params);
        // The CLI appends a newline itself.
        if (stdout) await print(stdout.endsWith("\n") ? stdout.slice(0, -1) : stdout);
        return { ...rest, stdout: null };
      }
      default:
        if (typeof SchemaEngine.prototype[method] !== "function" || method === "free") {
          throw new Error(`schema-engine stand-in: method ${method} is not supported`);
        }
        // Call through the engine object: a detached method loses `this`.
        return engine[method](params);
    }
  }

  function errorPayload(e) {
    const isPanic = e instanceof WebAssembly.RuntimeError || e?.name === "RuntimeError";
    const message = e?.message ?? String(e);
    const data = { is_panic: isPanic, message, meta: e?.meta ?? null };
    if (e?.code && typeof e.code === "string") data.error_code = e.code;
    if (isPanic) data.error = { message };
    return { code: 4466, message: "An error happened. Check the data field for details.", data };
  }

  // Requests run one at a time: the engine instance is not re-entrant.
  let queue = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
    }
    if (!msg.method) {
      // A response from the CLI, i.e. the ack of one of our "print" requests.
      printWaiters.get(msg.id)?.();
      printWaiters.delete(msg.id);
      return;
    }
    queue = queue.then(async () => {
      try {
        const result = await call(msg.method, msg.params);
        send({ jsonrpc: "2.0", id: msg.id, result: result ?? {} });
      } catch (e) {
        log(`[schema-engine stand-in] ${msg.method} failed: ${e?.stack ?? e}`);
        send({ jsonrpc: "2.0", id: msg.id, error: errorPayload(e) });
      }
    });
  });
  // The CLI closes stdin to stop the engine.
  rl.on("close", async () => {
    await queue;
    await factory?.cleanup();
    process.exit(0);
  });
}

const args = parseArgs(process.argv.slice(2));
if (args.version) {
  const { version } = await loadWasm();
  console.log(`schema-engine-cli ${version()} (wasm stand-in)`);
} else if (args.cli) {
  await runCli(args.cli, args.datasource);
} else {
  await runRpc(args);
}
