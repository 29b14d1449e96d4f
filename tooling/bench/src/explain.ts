/**
 * Diagnostics for the bench database: the SQL the server runs per scenario,
 * EXPLAIN (ANALYZE, BUFFERS) of each, and PostgreSQL CPU per query with
 * unnamed statements (what the server does today: parse + plan every time)
 * versus named prepared statements.
 *
 *   pnpm --filter @steward/bench explain [-- --database-url URL] [--iterations N]
 *
 * The SQL is in explain-sql.ts.
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { loadFixtures } from "./fixtures.ts";
import { cpuSeconds } from "./metrics.ts";
import { PROPOSED_SQL, SERVER_SQL } from "./explain-sql.ts";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { "database-url": { type: "string" }, iterations: { type: "string" } },
});
const url = values["database-url"] ?? "postgres://postgres@127.0.0.1:5432/steward_bench";
const iterations = Number(values.iterations ?? 2000);

const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows: pidRow } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
const backendPid = pidRow[0]!.pid;

const fixtures = await loadFixtures({ url, sampleSize: 2000, minMatches: 5, maxMatches: 2000, fragmentCount: 12, log: console.log });
const { rows: keyRows } = await client.query<{ key_hash: string }>("SELECT key_hash FROM api_keys ORDER BY created_at DESC LIMIT 1");
const keyHash = keyRows[0]?.key_hash ?? "0".repeat(64);
const cursor = JSON.parse(Buffer.from(fixtures.deepCursors[0]!, "base64url").toString()).v as [string, string];
const heavy = [...fixtures.fragments].sort((a, b) => b.matches - a.matches)[0]!;
const light = [...fixtures.fragments].sort((a, b) => a.matches - b.matches)[0]!;
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const cases: { name: string; sql: string; params: (i: number) => unknown[] }[] = [
  { name: "apiKey", sql: SERVER_SQL.apiKey, params: () => [keyHash, 1, 0] },
  { name: "userById", sql: SERVER_SQL.userById, params: (i) => [fixtures.ids[i % fixtures.ids.length]] },
  { name: "idByEmail", sql: SERVER_SQL.idByEmail, params: (i) => [fixtures.emails[i % fixtures.emails.length], 1, 0] },
  { name: "pageFirst", sql: SERVER_SQL.pageFirst, params: () => [51] },
  { name: "totalUnfiltered", sql: SERVER_SQL.totalUnfiltered, params: () => [] },
  { name: "pageAfter (deep)", sql: SERVER_SQL.pageAfter, params: () => [cursor[0], cursor[1], 51] },
  { name: `searchPage q=${JSON.stringify(heavy.q)} (${heavy.matches} matches)`, sql: SERVER_SQL.searchPage, params: () => [like(heavy.q), 51] },
  { name: `searchCount q=${JSON.stringify(heavy.q)}`, sql: SERVER_SQL.searchCount, params: () => [like(heavy.q)] },
  { name: `PROPOSED searchCombined q=${JSON.stringify(heavy.q)}`, sql: PROPOSED_SQL.searchCombined, params: () => [like(heavy.q), 51] },
  { name: `searchPage q=${JSON.stringify(light.q)} (${light.matches} matches)`, sql: SERVER_SQL.searchPage, params: () => [like(light.q), 51] },
  { name: `searchCount q=${JSON.stringify(light.q)}`, sql: SERVER_SQL.searchCount, params: () => [like(light.q)] },
  { name: `PROPOSED searchCombined q=${JSON.stringify(light.q)}`, sql: PROPOSED_SQL.searchCombined, params: () => [like(light.q), 51] },
  { name: "PROPOSED userByEmail (one statement)", sql: PROPOSED_SQL.userByEmail, params: (i) => [fixtures.emails[i % fixtures.emails.length]] },
];

console.log(`\n== EXPLAIN (ANALYZE, BUFFERS) — ${url.replace(/\/\/[^@]*@/, "//")}`);
for (const c of cases) {
  const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, c.params(1));
  const plan = rows.map((r) => r["QUERY PLAN"]);
  const nodes = plan.filter((l) => /->|^\S/.test(l.trim()) && !/^(Planning|Execution|Buffers)/.test(l.trim())).slice(0, 4);
  const timing = plan.filter((l) => /Planning Time|Execution Time/.test(l)).map((l) => l.trim()).join(", ");
  console.log(`\n-- ${c.name}: ${timing}`);
  for (const l of nodes) console.log(`   ${l.trim().slice(0, 160)}`);
}

/** Backend CPU and wall time per execution, with an unnamed statement or a named (prepared) one. */
async function measure(c: (typeof cases)[number], named: boolean, n: number) {
  const name = named ? `bench_${Buffer.from(c.name).toString("hex").slice(0, 40)}` : undefined;
  for (let i = 0; i < 20; i++) await client.query({ name, text: c.sql, values: c.params(i) });
  const cpu0 = cpuSeconds(backendPid);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await client.query({ name, text: c.sql, values: c.params(i) });
  const wall = (performance.now() - t0) / n;
  const cpu = ((cpuSeconds(backendPid) - cpu0) * 1000) / n;
  return { wallMs: wall, pgCpuMs: cpu };
}

console.log(`\n== PostgreSQL backend CPU per execution (${iterations} runs each, one connection, sequential)`);
console.log(`${"query".padEnd(52)} ${"unnamed cpu".padStart(12)} ${"prepared cpu".padStart(13)} ${"unnamed wall".padStart(13)} ${"prepared wall".padStart(14)}`);
for (const c of cases) {
  const n = c.name.includes("search") ? Math.max(20, Math.floor(iterations / 20)) : iterations;
  const a = await measure(c, false, n);
  const b = await measure(c, true, n);
  const f = (x: number) => `${x.toFixed(3)} ms`;
  console.log(`${c.name.slice(0, 52).padEnd(52)} ${f(a.pgCpuMs).padStart(12)} ${f(b.pgCpuMs).padStart(13)} ${f(a.wallMs).padStart(13)} ${f(b.wallMs).padStart(14)}`);
}
await client.end();
