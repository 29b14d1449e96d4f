import { readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

/** Linux /proc readers: resident memory and CPU time of processes, and the machine's CPU time. */

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** VmRSS of a process in bytes, or null when it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used so far (0 when it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    return (utime + stime) / ticksPerSecond();
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const [, ...fields] = line.trim().split(/\s+/);
  const v = fields.map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / ticksPerSecond(), total: total / ticksPerSecond() };
}

/** Pids whose command name is `name` (e.g. every `postgres` process). */
export function pidsByName(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === name) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

export interface CpuGroups {
  /** Server processes. */
  server: number[];
  /** PostgreSQL backends serving the bench database. */
  postgresBench: number[];
  /** Load generator (wrk) when it is a separate process; autocannon runs inside this process. */
  load: number[];
}

export interface CpuBreakdown {
  /** Cores used on average over the window, per group; `other` is everything else on the machine. */
  cores: { server: number; postgresBench: number; postgresOther: number; load: number; other: number; idle: number };
  machineCores: number;
}

/**
 * Samples resident memory of the server processes a few times a second and,
 * at stop, tells how the machine's CPU time was spent over the window.
 */
export class Sampler {
  private timer: NodeJS.Timeout | undefined;
  private discovering = false;
  private lastDiscovery = 0;
  private peak = new Map<number, number>();
  private startCpu = new Map<number, number>();
  /** Last CPU reading of each process, so one that exits during the window (wrk, a closed backend) still counts. */
  private lastCpu = new Map<number, number>();
  private startMachine = machineCpu();
  private startedAt = performance.now();
  private postgresAll: number[] = [];

  /**
   * @param discoverPostgres lists the bench database's backends now; called every second, since a
   *   connection pool may open (or close) connections during the window.
   */
  constructor(
    private readonly groups: CpuGroups,
    private readonly discoverPostgres?: () => Promise<number[]>,
    private readonly intervalMs = 100,
  ) {}

  async start(): Promise<void> {
    if (this.discoverPostgres) this.groups.postgresBench = await this.discoverPostgres();
    this.postgresAll = pidsByName("postgres");
    for (const pid of this.allPids()) this.startCpu.set(pid, cpuSeconds(pid));
    this.startMachine = machineCpu();
    this.startedAt = performance.now();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Adds a process started after `start` (e.g. the load generator): all its CPU time is in the window. */
  track(group: keyof CpuGroups, pid: number): void {
    if (this.groups[group].includes(pid)) return;
    this.groups[group].push(pid);
    if (!this.startCpu.has(pid)) this.startCpu.set(pid, group === "load" && pid === process.pid ? cpuSeconds(pid) : 0);
  }

  private allPids(): number[] {
    return [...new Set([...this.groups.server, ...this.groups.postgresBench, ...this.groups.load, ...this.postgresAll])];
  }

  private sample(): void {
    for (const pid of this.groups.server) {
      const rss = rssBytes(pid);
      if (rss !== null && rss > (this.peak.get(pid) ?? 0)) this.peak.set(pid, rss);
    }
    for (const pid of this.allPids()) {
      const cpu = cpuSeconds(pid);
      if (cpu > 0) this.lastCpu.set(pid, cpu);
    }
    if (this.discoverPostgres && !this.discovering && performance.now() - this.lastDiscovery > 1000) {
      this.discovering = true;
      this.lastDiscovery = performance.now();
      void this.discoverPostgres()
        .then((pids) => {
          for (const pid of pids) this.track("postgresBench", pid);
        })
        .catch(() => {})
        .finally(() => (this.discovering = false));
    }
  }

  stop(): { peakRssBytes: Record<number, number>; cpu: CpuBreakdown; seconds: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const machine = machineCpu();
    const used = (pids: number[]) =>
      [...new Set(pids)].reduce((sum, pid) => sum + Math.max(0, (this.lastCpu.get(pid) ?? 0) - (this.startCpu.get(pid) ?? 0)), 0);
    const server = used(this.groups.server);
    const postgresBench = used(this.groups.postgresBench);
    const benchSet = new Set(this.groups.postgresBench);
    const postgresOther = used(this.postgresAll.filter((pid) => !benchSet.has(pid)));
    const load = used(this.groups.load);
    const busy = machine.busy - this.startMachine.busy;
    const total = machine.total - this.startMachine.total;
    const perCore = (x: number) => Math.round((x / seconds) * 100) / 100;
    return {
      peakRssBytes: Object.fromEntries(this.peak),
      seconds,
      cpu: {
        cores: {
          server: perCore(server),
          postgresBench: perCore(postgresBench),
          postgresOther: perCore(postgresOther),
          load: perCore(load),
          other: perCore(Math.max(0, busy - server - postgresBench - postgresOther - load)),
          idle: perCore(Math.max(0, total - busy)),
        },
        machineCores: perCore(total),
      },
    };
  }
}

/** Cores busy with anything, measured over `ms`; used to wait for a quiet machine. */
export async function busyCores(ms = 1000): Promise<number> {
  const a = machineCpu();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = machineCpu();
  return (b.busy - a.busy) / (ms / 1000);
}

/**
 * Peak VmRSS of some processes over a whole run (warm-ups, every phase, the
 * pauses between), sampled every `intervalMs`; a process can be added later
 * (a restarted server).
 */
export class RssWatch {
  private readonly peaks = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: () => number[], intervalMs = 100) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    for (const pid of this.pids()) {
      const rss = rssBytes(pid);
      if (rss !== null && rss > (this.peaks.get(pid) ?? 0)) this.peaks.set(pid, rss);
    }
  }

  /** The highest VmRSS seen of any process, in bytes (0 when none was seen). */
  peakBytes(): number {
    this.sample();
    return Math.max(0, ...this.peaks.values());
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
