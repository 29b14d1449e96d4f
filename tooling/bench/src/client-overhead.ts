/**
 * Node-side CPU per query: the server's Prisma client (as the server opens it, through
 * `openDatabase` of @steward/db) versus plain node-postgres on the same SQL. Sequential,
 * one query at a time; measures this process's CPU (process.cpuUsage), so it isolates the
 * client-side cost of each data access the users endpoints make.
 *
 *   pnpm --filter @steward/bench exec tsx src/client-overhead.ts [--database-url URL] [--iterations N]
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, Prisma } from "@steward/db";
import { SERVER_SQL } from "./explain-sql.ts";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { "database-url": { type: "string" }, iterations: { type: "string" } },
});
const url = values["database-url"] ?? "postgres://postgres@127.0.0.1:5432/steward_bench";
const iterations = Number(values.iterations ?? 3000);

const db = await openDatabase(url, { poolSize: 1 });
const pool = new pg.Pool({ connectionString: url, max: 1 });
const { rows: sample } = await pool.query<{ id: string; email: string }>(
  "SELECT id, email::text AS email FROM users WHERE email IS NOT NULL ORDER BY numeric_id DESC LIMIT 500",
);
const { rows: keys } = await pool.query<{ key_hash: string }>("SELECT key_hash FROM api_keys ORDER BY created_at DESC LIMIT 1");
const keyHash = keys[0]?.key_hash ?? "0".repeat(64);

type Case = { name: string; prisma: (i: number) => Promise<unknown>; pg: (i: number) => Promise<unknown> };
const USER_COLUMNS_SQL = Prisma.raw(SERVER_SQL.userColumns);
const cases: Case[] = [
  {
    name: "api key by hash (findUnique)",
    prisma: () =>
      db.prisma.apiKey.findUnique({
        where: { keyHash },
        select: { id: true, name: true, permissions: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
      }),
    pg: () => pool.query(SERVER_SQL.apiKey, [keyHash, 1, 0]),
  },
  {
    name: "user by id ($queryRaw)",
    prisma: (i) => db.prisma.$queryRaw`SELECT ${USER_COLUMNS_SQL} FROM users u WHERE u.id = ${sample[i % sample.length]!.id}::uuid`,
    pg: (i) => pool.query(SERVER_SQL.userById, [sample[i % sample.length]!.id]),
  },
  {
    name: "id by email (findFirst)",
    prisma: (i) => db.prisma.user.findFirst({ where: { email: sample[i % sample.length]!.email }, select: { id: true } }),
    pg: (i) => pool.query(SERVER_SQL.idByEmail, [sample[i % sample.length]!.email, 1, 0]),
  },
  {
    name: "page of 51 users ($queryRaw)",
    prisma: () => db.prisma.$queryRaw`SELECT ${USER_COLUMNS_SQL} FROM users u WHERE TRUE ORDER BY u.created_at DESC, u.id DESC LIMIT ${51}`,
    pg: () => pool.query(SERVER_SQL.pageFirst, [51]),
  },
];

async function measure(fn: (i: number) => Promise<unknown>, n: number) {
  for (let i = 0; i < 200; i++) await fn(i);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const cpu = process.cpuUsage(cpu0);
  return { cpuUs: (cpu.user + cpu.system) / n, wallUs: ((performance.now() - t0) * 1000) / n };
}

console.log(`Node CPU per query, ${iterations} sequential runs each (µs)`);
console.log(`${"query".padEnd(32)} ${"prisma cpu".padStart(11)} ${"pg cpu".padStart(8)} ${"prisma wall".padStart(12)} ${"pg wall".padStart(8)}`);
for (const c of cases) {
  const n = c.name.startsWith("page") ? Math.floor(iterations / 5) : iterations;
  const a = await measure(c.prisma, n);
  const b = await measure(c.pg, n);
  const f = (x: number) => x.toFixed(0);
  console.log(`${c.name.padEnd(32)} ${f(a.cpuUs).padStart(11)} ${f(b.cpuUs).padStart(8)} ${f(a.wallUs).padStart(12)} ${f(b.wallUs).padStart(8)}`);
}
await pool.end();
await db.close();
