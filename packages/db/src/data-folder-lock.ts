import { randomUUID } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Lives inside the data folder, beside PostgreSQL's files (PGlite does not mind it). */
export const LOCK_FILE_NAME = "steward.lock";

interface LockOwner {
  pid: number;
  /** The owner's start time as the kernel counts it (Linux), so a reused pid is not taken for the owner. */
  processStart: string | null;
  host: string;
  since: string;
  /** Makes every lock file's content unique, so a stale one is recognised exactly. */
  id: string;
}

/** Another live process holds the embedded database's data folder. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly ownerPid: number,
    owner: Pick<LockOwner, "host" | "since">,
  ) {
    super(
      `The data folder ${folder} is already in use by Steward process ${ownerPid} (host ${owner.host}, since ${owner.since}). ` +
        `An embedded database can be opened by one process only: stop process ${ownerPid} first, or give this one another folder ` +
        `(DATABASE_URL=pglite:<folder>), or use PostgreSQL to run several servers on one database. ` +
        `If process ${ownerPid} is not a Steward server, remove ${path.join(folder, LOCK_FILE_NAME)}.`,
    );
    this.name = "DataFolderInUseError";
  }
}

export interface DataFolderLock {
  /** Removes the lock file if it is still this process's. */
  release(): void;
}

/** Lock files this process holds; a second open in the same process must be refused too. */
const heldHere = new Set<string>();

/**
 * Takes the data folder for this process, creating the folder if needed.
 * The lock file appears atomically with its full content (written aside,
 * then hard-linked into place, which fails if one exists), so of two
 * processes starting together exactly one wins. A lock whose owner is gone
 * (killed, crashed) is stale and taken over.
 */
export function lockDataFolder(dataDir: string): DataFolderLock {
  mkdirSync(dataDir, { recursive: true });
  const folder = realpathSync(dataDir);
  const lockPath = path.join(folder, LOCK_FILE_NAME);
  const me: LockOwner = {
    pid: process.pid,
    processStart: processStart(process.pid),
    host: os.hostname(),
    since: new Date().toISOString(),
    id: randomUUID(),
  };
  const content = JSON.stringify(me);
  if (heldHere.has(lockPath)) throw new DataFolderInUseError(folder, me.pid, me);

  const draft = `${lockPath}.${me.id}`;
  writeFileSync(draft, content, { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        linkSync(draft, lockPath);
        heldHere.add(lockPath);
        return { release: () => release(lockPath, content) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const seen = readIfPresent(lockPath);
      if (seen === undefined) continue;
      const owner = parseOwner(seen);
      if (owner && isAlive(owner)) throw new DataFolderInUseError(folder, owner.pid, owner);
      removeIfUnchanged(lockPath, seen);
    }
    throw new Error(`Could not lock the data folder ${folder}: its lock file keeps changing`);
  } finally {
    unlinkSync(draft);
  }
}

function release(lockPath: string, content: string): void {
  heldHere.delete(lockPath);
  if (readIfPresent(lockPath) === content) unlinkSync(lockPath);
}

/**
 * Removes a stale lock file, unless another process replaced it with a
 * fresh one since it was read: the file is first moved aside (atomic), then
 * checked; a fresh one is put back.
 */
function removeIfUnchanged(lockPath: string, stale: string): void {
  const aside = `${lockPath}.stale.${randomUUID()}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    if (readFileSync(aside, "utf8") !== stale) linkSync(aside, lockPath);
  } catch (error) {
    // Someone locked in the meantime: theirs stands, the next attempt sees it.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(aside);
  }
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseOwner(content: string): LockOwner | null {
  try {
    const owner = JSON.parse(content) as LockOwner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  // Our own pid in a lock we do not hold: an earlier run of this process id (a restarted container).
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const started = processStart(owner.pid);
  return !(owner.processStart && started && started !== owner.processStart);
}

/** The process start time in clock ticks since boot (Linux /proc); null elsewhere. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}
