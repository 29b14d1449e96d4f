import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

export type LoadTool = "wrk" | "autocannon";

export interface LoadSpec {
  /** Request paths (with query strings); each request picks one at random. */
  paths: string[];
  /** GET unless said; a POST sends one of `bodies`, picked at random, with each request. */
  method?: "GET" | "POST";
  /** Request bodies (one line of JSON each, no newline inside) for POST; the headers say their type. */
  bodies?: string[];
  headers: Record<string, string>;
  /** Ports on 127.0.0.1; with several, connections are spread over them evenly. */
  ports: number[];
  connections: number;
  /** wrk threads (ignored by autocannon). */
  threads: number;
  durationSeconds: number;
  /**
   * Offered load, requests per second over all connections. Unset: closed loop, every connection sends
   * its next request as soon as the previous answer arrives (saturation). Set: requests follow a fixed
   * schedule (wrk: per-thread slots through `delay()`; autocannon: overallRate); when the server falls
   * behind, the achieved rate shows it.
   */
  ratePerSecond?: number;
  /** Called once the load generator runs, with its pid (wrk) or this process's pid (autocannon). */
  onStart?: (pid: number) => void;
}

export interface LoadResult {
  tool: LoadTool;
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; p999: number; max: number };
  errors: {
    /** Responses that were not 2xx (wrk counts status >= 400; this API answers no 3xx to these GETs). */
    non2xx: number;
    connect: number;
    read: number;
    write: number;
    timeout: number;
    total: number;
  };
  bytesPerSecond: number;
}

export function runLoad(tool: LoadTool, spec: LoadSpec): Promise<LoadResult> {
  return tool === "wrk" ? runWrk(spec) : runAutocannon(spec);
}

const luaString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

/** wrk with a Lua script: random path per request, threads pinned to the server ports, JSON summary at the end. */
function wrkScript(pathsFile: string, bodiesFile: string | null, spec: LoadSpec): string {
  const headers = Object.entries(spec.headers)
    .map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`)
    .join("\n");
  const threads = wrkThreads(spec);
  const pacing = spec.ratePerSecond
    ? `
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
-- Each thread sends its share of the rate on a fixed schedule of slots.
local interval_ms = ${(threads * 1000) / spec.ratePerSecond}
local t0 = nil
local slot = 0
function delay()
  if t0 == nil then t0 = now_ms() + math.random() * interval_ms end
  slot = slot + 1
  local wait = t0 + slot * interval_ms - now_ms()
  if wait < 0 then return 0 end
  return wait
end
`
    : "";
  return `
${headers}
${pacing}
local ports = { ${spec.ports.join(", ")} }
local addrs = nil
local counter = 0
function setup(thread)
  if addrs == nil then
    addrs = {}
    for _, port in ipairs(ports) do
      addrs[#addrs + 1] = wrk.lookup("127.0.0.1", tostring(port))[1]
    end
  end
  thread.addr = addrs[(counter % #addrs) + 1]
  thread:set("tid", counter)
  counter = counter + 1
end

local paths = {}
local bodies = {}
function init(args)
  for line in io.lines(${luaString(pathsFile)}) do
    if #line > 0 then paths[#paths + 1] = line end
  end
${bodiesFile ? `  for line in io.lines(${luaString(bodiesFile)}) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
` : ""}  math.randomseed(os.time() + 7919 * (tid or 0))
end

function request()
${bodiesFile
    ? `  return wrk.format(${luaString(spec.method ?? "POST")}, paths[math.random(#paths)], nil, bodies[math.random(#bodies)])`
    : `  return wrk.format(${spec.method && spec.method !== "GET" ? luaString(spec.method) : "nil"}, paths[math.random(#paths)])`}
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nBENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"mean":%.3f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9)))
end
`;
}

/** Every server gets the same number of threads, and every thread at least one connection. */
function wrkThreads(spec: LoadSpec): number {
  const perPort = Math.max(1, Math.ceil(spec.threads / spec.ports.length));
  return Math.min(perPort * spec.ports.length, spec.connections);
}

async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "steward-bench-"));
  try {
    const pathsFile = path.join(dir, "paths.txt");
    writeFileSync(pathsFile, spec.paths.join("\n") + "\n");
    let bodiesFile: string | null = null;
    if (spec.bodies?.length) {
      bodiesFile = path.join(dir, "bodies.txt");
      writeFileSync(bodiesFile, spec.bodies.map((b) => b.replace(/\n/g, " ")).join("\n") + "\n");
    }
    const scriptFile = path.join(dir, "load.lua");
    writeFileSync(scriptFile, wrkScript(pathsFile, bodiesFile, spec));
    const threads = wrkThreads(spec);
    const args = [
      "-t", String(threads),
      "-c", String(spec.connections),
      "-d", `${spec.durationSeconds}s`,
      "--timeout", "10s",
      "-s", scriptFile,
      `http://127.0.0.1:${spec.ports[0]}`,
    ];
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid) spec.onStart?.(child.pid);
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", resolve);
    });
    const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
    if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${out}\n${err}`);
    const r = JSON.parse(line.slice("BENCH_JSON ".length)) as Record<string, number>;
    const seconds = r.duration_us! / 1e6;
    const ms = (us: number) => Math.round(us) / 1000;
    const errors = { non2xx: r.status!, connect: r.connect!, read: r.read!, write: r.write!, timeout: r.timeout! };
    return {
      tool: "wrk",
      requests: r.requests!,
      durationSeconds: seconds,
      requestsPerSecond: Math.round((r.requests! / seconds) * 10) / 10,
      latencyMs: { mean: ms(r.mean!), p50: ms(r.p50!), p90: ms(r.p90!), p99: ms(r.p99!), p999: ms(r.p999!), max: ms(r.max!) },
      errors: { ...errors, total: Object.values(errors).reduce((a, b) => a + b, 0) },
      bytesPerSecond: Math.round(r.bytes! / seconds),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  if (spec.ports.length !== 1) throw new Error("--tool autocannon drives one server; use wrk for --server-processes > 1");
  const { paths, bodies } = spec;
  const method = spec.method ?? "GET";
  spec.onStart?.(process.pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${spec.ports[0]}`,
    connections: spec.connections,
    duration: spec.durationSeconds,
    headers: spec.headers,
    timeout: 10,
    ...(spec.ratePerSecond ? { overallRate: spec.ratePerSecond } : {}),
    requests: [
      {
        method,
        setupRequest: (req) => ({
          ...req,
          method,
          path: paths[Math.floor(Math.random() * paths.length)]!,
          ...(bodies?.length ? { body: bodies[Math.floor(Math.random() * bodies.length)]! } : {}),
        }),
      },
    ],
  });
  const errors = {
    non2xx: result.non2xx,
    connect: 0,
    read: result.errors - result.timeouts,
    write: 0,
    timeout: result.timeouts,
  };
  const latency = result.latency as unknown as Record<string, number>;
  return {
    tool: "autocannon",
    requests: result.requests.total,
    durationSeconds: result.duration,
    requestsPerSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
    latencyMs: {
      mean: latency.mean!,
      p50: latency.p50!,
      p90: latency.p90!,
      p99: latency.p99!,
      p999: latency.p99_9!,
      max: latency.max!,
    },
    errors: { ...errors, total: Object.values(errors).reduce((a, b) => a + b, 0) },
    bytesPerSecond: Math.round(result.throughput.total / result.duration),
  };
}
