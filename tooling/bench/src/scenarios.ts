import { SEED_PASSWORD, TAGS } from "./data.ts";
import type { Fixtures } from "./fixtures.ts";
import type { LoadResult } from "./load.ts";
import type { CpuBreakdown } from "./metrics.ts";
import type { ProfileSummary } from "./profile.ts";

export interface Target {
  p99Ms: number;
  /** Throughput the p99 must hold at (checked in the paced phase at this offered rate). */
  minRps?: number;
  /** Check the p99 on the paced phase (a latency at an offered rate, not under a closed loop); implied by minRps. */
  checkOn?: "paced";
}

export interface Scenario {
  name: string;
  title: string;
  measures: string;
  /** A latency target; none for the reference scenarios (floor, login), judged by their ratio lines. */
  target?: Target;
  /** Which server answers: Steward (default) or the bare Express + pg floor server. */
  server?: "steward" | "floor";
  /** GET (default) with the bench's API key, or a POST of `bodies` with no credentials (sign-in). */
  method?: "GET" | "POST";
  /** Request bodies for a POST, each request one of them. */
  bodies?(f: Fixtures): string[];
  /** Headers besides the API key (a POST's content type, a user agent naming the bench). */
  headers?: Record<string, string>;
  /** Sends the bench's API key (default true for Steward, false for the floor). */
  auth?: boolean;
  /** Runs a paced phase after the saturation phase (default true). */
  paced?: boolean;
  paths(f: Fixtures): string[];
  /** Checks one response body; returns a problem or null. */
  check(body: any, path: string): string | null;
}

/** The user agent of the login scenario's sign-ins: the sessions they create are found (and deleted) by it. */
export const LOGIN_USER_AGENT = "steward-bench-login";

export const SCENARIOS: Scenario[] = [
  {
    name: "floor",
    title: "floor: GET /api/v1/users/:id on bare Express 5 + pg",
    measures:
      "the stack's floor: the user row Steward's get-by-id reads, by primary key, from a bare Express 5 + pg server (no auth, no validation library, no roles/groups joins), same ids, database and pool size; alternated with get-by-id",
    server: "floor",
    auth: false,
    paced: false,
    paths: (f) => f.ids.map((id) => `/api/v1/users/${id}`),
    check: (body, p) => (body?.id && p.endsWith(body.id) ? null : "response is not the requested user"),
  },
  {
    name: "get-by-id",
    title: "GET /users/:id",
    measures: "one user by uuid (primary key) over 10,000 random known ids",
    target: { p99Ms: 10, minRps: 2000 },
    paths: (f) => f.ids.map((id) => `/api/v1/users/${id}`),
    check: (body, p) => (body?.id && p.endsWith(body.id) ? null : "response is not the requested user"),
  },
  {
    name: "lookup-email",
    title: "GET /users/lookup?email=",
    measures: "one user by exact email (citext unique index) over ~10,000 random known emails",
    target: { p99Ms: 10, minRps: 2000 },
    paths: (f) => f.emails.map((e) => `/api/v1/users/lookup?email=${encodeURIComponent(e)}`),
    check: (body, p) =>
      typeof body?.email === "string" && p.toLowerCase().endsWith(encodeURIComponent(body.email).toLowerCase())
        ? null
        : "response is not the user with that email",
  },
  {
    name: "list-first",
    title: "GET /users?limit=50",
    measures: "first page of 50, default sort (newest first), with the total",
    target: { p99Ms: 25 },
    paths: () => ["/api/v1/users?limit=50"],
    check: (body) =>
      Array.isArray(body?.data) && body.data.length === 50 && body.nextCursor ? null : "expected a full page with a next cursor",
  },
  {
    name: "list-deep",
    title: "GET /users?limit=50&cursor=<~N/2>",
    measures: "a page of 50 at one of 200 real keyset cursors half-way down the default sort",
    target: { p99Ms: 25 },
    paths: (f) => f.deepCursors.map((c) => `/api/v1/users?limit=50&cursor=${c}`),
    check: (body) => (Array.isArray(body?.data) && body.data.length === 50 ? null : "expected a full page of 50"),
  },
  {
    name: "search",
    title: "GET /users?q=<fragment>&limit=50",
    measures: "case-insensitive substring search, 40 fragments of 3-6 chars from real users, page of 50 and total",
    target: { p99Ms: 60 },
    paths: (f) => f.fragments.map((x) => `/api/v1/users?q=${encodeURIComponent(x.q)}&limit=50`),
    check: (body) => (Array.isArray(body?.data) && body.data.length > 0 && body.total > 0 ? null : "expected matches"),
  },
  {
    name: "list-filtered",
    title: "GET /users?tag=<tag>&local=false&limit=50",
    measures: "remote accounts holding one of the 10 seeded tags (GIN on tags, domain index), first page of 50 and the total (Pleroma's admin list: tags[] + filters=external)",
    target: { p99Ms: 25 },
    paths: () => TAGS.map((tag) => `/api/v1/users?tag=${encodeURIComponent(tag)}&local=false&limit=50`),
    check: (body) =>
      Array.isArray(body?.data) && body.data.length === 50 && body.data.every((u: any) => u.local === false) && body.total >= 50
        ? null
        : "expected a full page of remote accounts",
  },
  {
    name: "login",
    title: "POST /api/v1/auth/login",
    measures:
      "password sign-in of real seeded users (local, active, no second factor, the seed's password), one of thousands at random per request; bounded by argon2 (see the login line)",
    method: "POST",
    auth: false,
    paced: false,
    headers: { "Content-Type": "application/json", "User-Agent": LOGIN_USER_AGENT },
    paths: () => ["/api/v1/auth/login"],
    bodies: (f) => f.loginUsers.map((username) => JSON.stringify({ username, password: SEED_PASSWORD })),
    check: (body) => (typeof body?.token === "string" && body.token.length > 20 && body.user?.id ? null : "expected a session token and the user"),
  },
  {
    name: "pterodactyl-deep-page",
    title: "GET /api/application/users?page=<~N/2/50>&per_page=50",
    measures:
      "Pterodactyl's numbered pages half-way down (40 pages around the middle: page ~10,000 of 1M users), by user number, with the total, while --gaps % of user numbers are missing",
    target: { p99Ms: 50, checkOn: "paced" },
    paths: (f) => {
      const middle = Math.max(1, Math.floor(f.deepPosition / 50));
      return Array.from({ length: 40 }, (_, i) => `/api/application/users?page=${middle - 20 + i}&per_page=50`);
    },
    check: (body) =>
      Array.isArray(body?.data) && body.data.length === 50 && body.meta?.pagination?.total > 0 ? null : "expected a full page of 50 with the total",
  },
];

export const SEED_TARGET_SECONDS = 120;
export const RSS_TARGET_MB = 250;
/** Server RSS after start and warm-up, before load (issue 19). */
export const IDLE_RSS_TARGET_MIB = 150;
/** Steward's get-by-id throughput as a fraction of the floor's. */
export const FLOOR_RATIO_TARGET = 0.85;
/** Sign-in throughput as a fraction of the argon2 bound. */
export const LOGIN_BOUND_TARGET = 0.9;

export interface PhaseResult {
  /** `saturation`: closed loop over all connections; `paced`: a fixed offered rate. */
  mode: "saturation" | "paced";
  offeredRate?: number;
  load?: LoadResult;
  serverPeakRssMb?: number;
  serverPeakRssMbByProcess?: number[];
  cpu?: CpuBreakdown;
  /** CPU milliseconds per request, from the CPU breakdown and the request count. */
  cpuMsPerRequest?: { server: number; postgres: number; loadGenerator: number };
  /** Cores busy with other processes just before the phase (see --quiet-wait). */
  busyCoresBefore?: number;
  /** Measurements made (see --retries); the calmest is kept. */
  attempts?: number;
  /** A phase pooled from alternating rounds (floor and get-by-id): how many. */
  pooledRounds?: number;
  error?: string;
}

export interface ScenarioResult {
  name: string;
  title: string;
  measures: string;
  paths: number;
  preflight: { checked: number; problems: string[] };
  saturation?: PhaseResult;
  /** floor and get-by-id, run alternately: each round's saturation phase, in order; `saturation` pools them. */
  rounds?: PhaseResult[];
  paced?: PhaseResult;
  target?: Target;
  /** Which phase the latency target was checked on. */
  targetCheckedOn?: "saturation" | "paced";
  met?: boolean;
  misses: string[];
  profile?: ProfileSummary;
  error?: string;
}

/** Paced phases run at the target throughput (get, lookup) or at this fraction of the saturation throughput. */
export function pacedRate(scenario: Scenario, saturationRps: number, fraction: number, rateOverride?: number): number {
  if (scenario.target?.minRps !== undefined) return rateOverride ?? scenario.target.minRps;
  return Math.max(1, Math.round(saturationRps * fraction));
}

/**
 * Targets with a throughput (get, lookup: "p99 < 10 ms at >= 2,000 req/s") are checked in the paced
 * phase: 2,000 req/s offered, p99 measured, the achieved rate within 3 % of it. A p99 under a closed
 * loop of 32 connections is mostly queueing (Little's law: mean latency = 32 / throughput), so the
 * other targets (list, search) are checked on the saturation phase as the issue states them.
 */
export function evaluate(result: ScenarioResult): void {
  const misses: string[] = [];
  const target = result.target;
  const onPaced = target !== undefined && (target.minRps !== undefined || target.checkOn === "paced");
  const phase = onPaced && result.paced?.load ? result.paced : result.saturation;
  result.targetCheckedOn = phase?.mode;
  const load = phase?.load;
  if (!load) {
    misses.push("not measured");
  } else if (target) {
    if (load.latencyMs.p99 >= target.p99Ms) misses.push(`p99 ${load.latencyMs.p99} ms >= ${target.p99Ms} ms (${phase.mode})`);
    if (target.minRps !== undefined) {
      const achieved = load.requestsPerSecond;
      if (achieved < target.minRps * 0.97) misses.push(`${Math.round(achieved)} req/s < ${target.minRps} req/s`);
    }
  }
  const errors = (result.saturation?.load?.errors.total ?? 0) + (result.paced?.load?.errors.total ?? 0);
  if (errors > 0) misses.push(`${errors} errors/non-2xx`);
  if (result.preflight.problems.length) misses.push(`${result.preflight.problems.length} preflight problems`);
  result.misses = misses;
  result.met = misses.length === 0;
}

/**
 * One phase from several measured ones (the alternating rounds of floor and
 * get-by-id): requests and seconds add up, so throughput is total requests
 * over total time; CPU cores are time-weighted and CPU per request is total
 * CPU over total requests; latency percentiles are the request-weighted mean
 * of the rounds' percentiles (an approximation: histograms are not kept),
 * max the largest; errors add up; RSS is the highest.
 */
export function poolPhases(phases: PhaseResult[]): PhaseResult {
  const measured = phases.filter((p) => p.load && p.load.requests > 0 && p.cpu);
  const first = phases[0]!;
  if (measured.length === 0) return { ...first, pooledRounds: phases.length };
  const requests = measured.reduce((a, p) => a + p.load!.requests, 0);
  const seconds = measured.reduce((a, p) => a + p.load!.durationSeconds, 0);
  const weighted = (f: (p: PhaseResult) => number) => measured.reduce((a, p) => a + f(p) * p.load!.requests, 0) / requests;
  const timeWeighted = (f: (p: PhaseResult) => number) => measured.reduce((a, p) => a + f(p) * p.load!.durationSeconds, 0) / seconds;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const sumErrors = (k: keyof LoadResult["errors"]) => measured.reduce((a, p) => a + p.load!.errors[k], 0);
  const l0 = measured[0]!.load!;
  const load: LoadResult = {
    tool: l0.tool,
    requests,
    durationSeconds: r3(seconds),
    requestsPerSecond: Math.round((requests / seconds) * 10) / 10,
    latencyMs: {
      mean: r3(weighted((p) => p.load!.latencyMs.mean)),
      p50: r3(weighted((p) => p.load!.latencyMs.p50)),
      p90: r3(weighted((p) => p.load!.latencyMs.p90)),
      p99: r3(weighted((p) => p.load!.latencyMs.p99)),
      p999: r3(weighted((p) => p.load!.latencyMs.p999)),
      max: Math.max(...measured.map((p) => p.load!.latencyMs.max)),
    },
    errors: {
      non2xx: sumErrors("non2xx"),
      connect: sumErrors("connect"),
      read: sumErrors("read"),
      write: sumErrors("write"),
      timeout: sumErrors("timeout"),
      total: sumErrors("total"),
    },
    bytesPerSecond: Math.round(timeWeighted((p) => p.load!.bytesPerSecond)),
  };
  const c0 = measured[0]!.cpu!;
  const cores = Object.fromEntries(
    (Object.keys(c0.cores) as (keyof CpuBreakdown["cores"])[]).map((k) => [k, r2(timeWeighted((p) => p.cpu!.cores[k]))]),
  ) as CpuBreakdown["cores"];
  const cpuMs = (f: (p: PhaseResult) => number) => r3(measured.reduce((a, p) => a + f(p) * p.load!.requests, 0) / requests);
  return {
    mode: first.mode,
    offeredRate: first.offeredRate,
    load,
    serverPeakRssMb: Math.max(...phases.map((p) => p.serverPeakRssMb ?? 0)),
    cpu: { cores, machineCores: r2(timeWeighted((p) => p.cpu!.machineCores)) },
    cpuMsPerRequest: {
      server: cpuMs((p) => p.cpuMsPerRequest?.server ?? 0),
      postgres: cpuMs((p) => p.cpuMsPerRequest?.postgres ?? 0),
      loadGenerator: cpuMs((p) => p.cpuMsPerRequest?.loadGenerator ?? 0),
    },
    attempts: phases.reduce((a, p) => a + (p.attempts ?? 1), 0),
    pooledRounds: phases.length,
  };
}
