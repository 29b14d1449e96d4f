import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Where the server's CPU time went, from a V8 `.cpuprofile` (node --cpu-prof). */
export interface ProfileSummary {
  file: string;
  /** Sampled time excluding idle, ms. */
  busyMs: number;
  /** Self time by origin: a package, node internals, GC, the server's own code, ...; percent of busy. */
  byOrigin: { origin: string; ms: number; percent: number }[];
  /** Hottest functions by self time. */
  topFunctions: { fn: string; origin: string; ms: number; percent: number }[];
  /**
   * Time with the function on the stack (self + callees) for the workspace's own functions and a few
   * library entry points; synchronous slices only, since an await starts a new stack.
   */
  inclusive: { fn: string; origin: string; ms: number; percent: number }[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime?: number;
  endTime?: number;
  samples: number[];
  timeDeltas: number[];
}

export function origin(url: string, functionName: string): string {
  if (functionName === "(garbage collector)") return "(gc)";
  if (functionName === "(program)") return "(program: native, not attributed)";
  if (functionName === "(idle)") return "(idle)";
  if (!url) return "(native/builtin)";
  if (url.startsWith("node:")) return "node internals";
  const file = url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = file.slice(nm + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (file.includes("/packages/db/src/generated/")) return "@steward/db (prisma generated client)";
  const ws = /\/(apps|packages)\/([^/]+)\//.exec(file);
  if (ws) return `@steward/${ws[2]} (workspace source)`;
  return path.basename(file);
}

const INCLUSIVE_LIBRARY = /^(JSON\.stringify|stringify|parse|json|send|writeHead|end|safeParse|_parse|queryRaw|\$queryRaw|_request|request|findUnique|findFirst|query|handleRowDescription|parseRow|addFields)$/;

function frameKey(callFrame: { functionName: string; url: string; lineNumber: number }): string {
  const { functionName, url, lineNumber } = callFrame;
  const where = url ? `${url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\/.*\/(apps|packages)\//, "$1/")}:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"} ${where}`.trim();
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const origins = new Map<string, number>();
  const fns = new Map<string, { origin: string; us: number }>();
  const inclusive = new Map<string, { origin: string; us: number }>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url } = node.callFrame;
    const o = origin(url, functionName);
    if (o === "(idle)") continue;
    busy += us;
    origins.set(o, (origins.get(o) ?? 0) + us);
    const key = frameKey(node.callFrame);
    const entry = fns.get(key) ?? { origin: o, us: 0 };
    entry.us += us;
    fns.set(key, entry);
    // Every distinct interesting function on this stack gets the time once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      const fo = origin(frame.url, frame.functionName);
      const interesting = fo.includes("workspace source") || (fo !== "node internals" && INCLUSIVE_LIBRARY.test(frame.functionName));
      if (!interesting) continue;
      const k = frameKey(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      const e = inclusive.get(k) ?? { origin: fo, us: 0 };
      e.us += us;
      inclusive.set(k, e);
    }
  }
  const pct = (us: number) => Math.round((us / Math.max(1, busy)) * 1000) / 10;
  const list = (m: Map<string, { origin: string; us: number }>) =>
    [...m]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([fn, e]) => ({ fn, origin: e.origin, ms: Math.round(e.us / 1000), percent: pct(e.us) }));
  return {
    file,
    busyMs: Math.round(busy / 1000),
    byOrigin: [...origins]
      .sort((a, b) => b[1] - a[1])
      .map(([o, us]) => ({ origin: o, ms: Math.round(us / 1000), percent: pct(us) })),
    topFunctions: list(fns),
    inclusive: list(inclusive),
  };
}

/** The newest main-thread `.cpuprofile` in a directory (Node names them CPU.<date>.<time>.<pid>.<thread>.<seq>). */
export function latestProfile(dir: string): string | undefined {
  try {
    const files = readdirSync(dir)
      .filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
      .sort();
    return files.length ? path.join(dir, files[files.length - 1]!) : undefined;
  } catch {
    return undefined;
  }
}

// `tsx src/profile.ts <file.cpuprofile>` prints a summary of any profile.
if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: tsx src/profile.ts <file.cpuprofile>");
    process.exit(2);
  }
  const s = summarizeProfile(file);
  console.log(`busy ${s.busyMs} ms`);
  for (const o of s.byOrigin.slice(0, 20)) console.log(`${String(o.percent).padStart(5)}%  ${o.origin}`);
  console.log("");
  console.log("self time:");
  for (const f of s.topFunctions) console.log(`${String(f.percent).padStart(5)}%  ${f.fn}  [${f.origin}]`);
  console.log("\ninclusive (synchronous slices):");
  for (const f of s.inclusive) console.log(`${String(f.percent).padStart(5)}%  ${f.fn}  [${f.origin}]`);
}
