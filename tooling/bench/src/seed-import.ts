/**
 * Seeding through the product: the bench's users streamed as NDJSON to
 * `POST /api/v1/users/import` of a real server (the one the bench measures,
 * run as production runs it), as an operator moving a platform's accounts
 * would. Roles are made through the API first; groups by the import
 * (`createGroups`); every row carries its roles, groups, tags and, for most
 * local accounts, an argon2id hash of the seed password (a hash from another
 * system, as the import takes it: checked at sign-in, never rehashed here).
 */
import { generateBatch, type UserBatch } from "./data.ts";
import { freePorts, ServerProcess } from "./server.ts";

/** The roles the seeded users hold, and how many: ~1% support, ~0.2% auditors, ~0.5% billing; a few hold two. */
export const RELATION_ROLES = [
  { name: "support", description: "Bench: helpdesk staff", permissions: ["users:read", "roles:read", "groups:read"], modulo: 100, rest: 7 },
  { name: "auditor", description: "Bench: reads the audit log", permissions: ["audit-events:read", "users:read"], modulo: 500, rest: 11 },
  { name: "billing", description: "Bench: billing team", permissions: ["users:read"], modulo: 200, rest: 7 },
] as const;
export const GROUP_COUNT = 40;
export const groupName = (index: number) => `bench-group-${String(index + 1).padStart(2, "0")}`;

/** Rows generated at once: one import batch (the import's largest). */
const ROWS_PER_CHUNK = 5_000;

export interface ImportSeedOptions {
  url: string;
  repoRoot: string;
  port: number;
  adminUsername: string;
  adminPassword: string;
  /** Rows [0, total) of the data set; `numberOffset` is the user number the first will get less one (the users already there). */
  total: number;
  numberOffset: number;
  fromMs: number;
  toMs: number;
  passwordHash: string | null;
  batchSize: number;
  log: (line: string) => void;
}

export interface ImportSeedResult {
  created: number;
  failed: number;
  seconds: number;
}

/** Row `i` of the batch as an import line: the data set's profile, with roles and groups by the same rules as the SQL seed. */
function importRow(batch: UserBatch, k: number, number: number): Record<string, unknown> {
  const roles = RELATION_ROLES.filter((role) => number % role.modulo === role.rest).map((role) => role.name);
  const groups: string[] = [];
  // A quarter of the users are in one group, one in twenty in a second one.
  if (number % 4 === 0) groups.push(groupName(Math.floor(number / 4) % GROUP_COUNT));
  if (number % 20 === 0) {
    const second = groupName((Math.floor(number / 20) + 7) % GROUP_COUNT);
    if (!groups.includes(second)) groups.push(second);
  }
  const row: Record<string, unknown> = { username: batch.username[k], status: batch.status[k], createdAt: batch.created_at[k] };
  const optional: [string, string | null | undefined][] = [
    ["email", batch.email[k]],
    ["displayName", batch.display_name[k]],
    ["firstName", batch.first_name[k]],
    ["lastName", batch.last_name[k]],
    ["language", batch.language[k]],
    ["phone", batch.phone[k]],
    ["externalId", batch.external_id[k]],
    ["domain", batch.domain[k]],
    ["passwordHash", batch.password_hash[k]],
  ];
  for (const [field, value] of optional) if (value !== null && value !== undefined) row[field] = value;
  if (batch.tags[k]) row.tags = batch.tags[k]!.split(",");
  if (roles.length) row.roles = roles;
  if (groups.length) row.groups = groups;
  return row;
}

/** The NDJSON body, generated chunk by chunk as the request reads it. */
function ndjsonBody(opts: ImportSeedOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let start = 0;
  return new ReadableStream({
    pull(controller) {
      if (start >= opts.total) {
        controller.close();
        return;
      }
      const end = Math.min(opts.total, start + ROWS_PER_CHUNK);
      const batch = generateBatch(start, end, { total: opts.total, fromMs: opts.fromMs, toMs: opts.toMs, passwordHash: opts.passwordHash });
      let text = "";
      for (let k = 0; k < end - start; k++) text += `${JSON.stringify(importRow(batch, k, opts.numberOffset + start + k + 1))}\n`;
      controller.enqueue(encoder.encode(text));
      start = end;
    },
  });
}

async function call(url: string, init: RequestInit, what: string, accept: number[] = []): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (!res.ok && !accept.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Starts a server on the bench database, signs in as its admin, makes the roles and streams the users to the import. */
export async function seedThroughImport(opts: ImportSeedOptions): Promise<ImportSeedResult> {
  const [port] = await freePorts(opts.port, 1);
  const server = new ServerProcess({
    repoRoot: opts.repoRoot,
    databaseUrl: opts.url,
    port: port!,
    adminUsername: opts.adminUsername,
    adminPassword: opts.adminPassword,
    log: opts.log,
  });
  await server.start();
  try {
    const json = { "content-type": "application/json" };
    const { token } = (await call(
      `${server.url}/api/v1/auth/login`,
      { method: "POST", headers: json, body: JSON.stringify({ username: opts.adminUsername, password: opts.adminPassword }) },
      "sign-in as the admin",
    )) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    for (const { name, description, permissions } of RELATION_ROLES) {
      // 409: made by an earlier, interrupted seed.
      await call(`${server.url}/api/v1/roles`, { method: "POST", headers: { ...json, ...auth }, body: JSON.stringify({ name, description, permissions }) }, `create role ${name}`, [409]);
    }

    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1/users/import?createGroups=true&batchSize=${opts.batchSize}`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/x-ndjson" },
      body: ndjsonBody(opts),
      duplex: "half",
    } as RequestInit);
    if (!res.ok || !res.body) throw new Error(`POST /api/v1/users/import: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);

    let summary: { created: number; failed: number; errorCount: number; errors: { line: number; reason: string; message: string }[]; aborted?: { message: string } } | undefined;
    let created = 0;
    let lastReport = performance.now();
    let pending = "";
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines.filter(Boolean)) {
        const parsed = JSON.parse(line) as { type: string; created: number };
        if (parsed.type === "summary") summary = parsed as unknown as typeof summary;
        else created += parsed.created;
      }
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        const s = (performance.now() - started) / 1000;
        opts.log(`  ${created.toLocaleString("en-US")} / ${opts.total.toLocaleString("en-US")} users imported (${Math.round(created / s).toLocaleString("en-US")} rows/s)`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    if (!summary) throw new Error("the import's answer ended without its summary line");
    if (summary.aborted || summary.created !== opts.total) {
      const first = summary.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.reason} ${e.message}`).join("; ");
      throw new Error(`the import created ${summary.created} of ${opts.total} users (${summary.errorCount} row errors${first ? `: ${first}` : ""})${summary.aborted ? `; aborted: ${summary.aborted.message}` : ""}`);
    }
    return { created: summary.created, failed: summary.failed, seconds };
  } finally {
    await server.stop();
  }
}
