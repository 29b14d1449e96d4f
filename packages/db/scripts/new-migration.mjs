// Authors a migration: `pnpm --filter @steward/db migration:new <name>`.
//
// Writes prisma/migrations/<UTC yyyyMMddHHmmss>_<name>/migration.sql with the
// SQL that takes the committed migrations to the current schema.prisma, via
//   prisma migrate diff --from-migrations prisma/migrations --to-schema ... --script
// The CLI replays the migrations in a throwaway shadow database that we create
// on the local PostgreSQL (server from SHADOW_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432) and drop afterwards. The Prisma CLI runs
// on our wasm stand-in for the schema engine (scripts/schema-engine/).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, dropDatabase, withDatabase } from "./schema-engine/adapters.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const migrationsDir = path.join(root, "prisma", "migrations");
const engine = path.join(root, "scripts", "schema-engine", "schema-engine");

const rawName = process.argv.slice(2).join("_");
const name = rawName.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
if (!name) {
  console.error("usage: pnpm --filter @steward/db migration:new <name>");
  process.exit(1);
}

const timestamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14); // UTC yyyyMMddHHmmss
const latest = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .at(-1);
if (latest && latest.slice(0, 14) >= timestamp) {
  console.error(`migration ${latest} is not older than ${timestamp}; wait a second (or fix the clock) and retry`);
  process.exit(1);
}

const server = process.env.SHADOW_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432";
const shadowName = `steward_shadow_${randomBytes(6).toString("hex")}`;
const shadowUrl = withDatabase(server, shadowName);

await createDatabase(server, shadowName);
let diff;
try {
  diff = spawnSync(
    "pnpm",
    ["exec", "prisma", "migrate", "diff",
      "--from-migrations", "prisma/migrations",
      "--to-schema", "prisma/schema.prisma",
      "--script", "--exit-code"],
    {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        // Always our stand-in: the native engine cannot be downloaded here.
        PRISMA_SCHEMA_ENGINE_BINARY: engine,
        SCHEMA_ENGINE_SHADOW_DATABASE_URL: shadowUrl,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    },
  );
} finally {
  await dropDatabase(server, shadowName);
}

// --exit-code: 0 = no difference, 2 = there is a difference, else an error.
if (diff.status === 0) {
  console.log("no changes");
  process.exit(0);
}
if (diff.status !== 2) {
  process.stderr.write(diff.stderr);
  process.stderr.write(diff.stdout);
  console.error(`prisma migrate diff failed (exit ${diff.status ?? diff.signal})`);
  process.exit(1);
}

// Indexes made by hand (partial ones, which schema.prisma cannot say; in the part of a
// migration after its "-- Hand-written" line) are unknown to the schema, so the diff
// proposes dropping them: those statements are left out.
/** The part of a migration written by hand: from its "-- Hand-written" line on; none when it has none. */
function handWritten(sql) {
  const at = sql.indexOf("-- Hand-written");
  return at === -1 ? "" : sql.slice(at);
}
const handMade = new Set(
  readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => [...handWritten(readFileSync(path.join(migrationsDir, d.name, "migration.sql"), "utf8")).matchAll(/CREATE INDEX "([^"]+)"/g)].map((m) => m[1])),
);
const kept = diff.stdout
  .split(/\n(?=-- )/)
  .filter((block) => !/^-- DropIndex\nDROP INDEX "([^"]+)";\s*$/.test(block.trim()) || !handMade.has(/DROP INDEX "([^"]+)"/.exec(block)[1]))
  .join("\n")
  .trim();
if (!kept) {
  console.log("no changes (beyond indexes made by hand in earlier migrations)");
  process.exit(0);
}

const dir = path.join(migrationsDir, `${timestamp}_${name}`);
mkdirSync(dir);
writeFileSync(path.join(dir, "migration.sql"), kept + "\n");
console.log(`created ${path.relative(root, dir)}/migration.sql`);
