import type { Prisma } from "@steward/db";
import type { Authenticated } from "./auth/authenticate.ts";
import type { Deps } from "./context.ts";

/** NOTIFY channel on which a committed access change tells every instance to forget its cache. */
export const ACCESS_CHANGED_CHANNEL = "steward_access_changed";

interface Entry {
  caller: Authenticated;
  /** When this entry must be read from the database again. */
  staleAt: number;
  /** When the token itself expires (session or key), if it does. */
  expiresAt: number | null;
  /** When lastSeenAt / lastUsedAt was last written for this token. */
  touchedAt: number;
}

/**
 * Remembers, for STEWARD_CREDENTIAL_CACHE_TTL seconds, who a bearer token
 * belongs to and what it may do, so a busy client costs no database read
 * per request for authentication.
 *
 * Correctness does not rest on the TTL: every write that changes who may do
 * what (revocations, sign-outs, role and status changes, deletions) goes
 * through `changeAccess`, which clears this cache once it commits here, and
 * a NOTIFY clears it in every other instance. The generation counter stops
 * a read that started before such a write from storing what it saw.
 */
export class CredentialCache {
  #entries = new Map<string, Entry>();
  #generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Taken before reading credentials from the database; passed back to `store`. */
  get generation(): number {
    return this.#generation;
  }

  lookup(tokenHash: string, now = Date.now()): Entry | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    if (now >= entry.staleAt || (entry.expiresAt !== null && now >= entry.expiresAt)) {
      this.#entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  store(tokenHash: string, caller: Authenticated, expiresAt: Date | null, touchedAt: number, generation: number): void {
    if (!this.enabled || generation !== this.#generation) return;
    if (this.#entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    const now = Date.now();
    this.#entries.set(tokenHash, { caller, staleAt: now + this.ttlMs, expiresAt: expiresAt?.getTime() ?? null, touchedAt });
  }

  /** Forgets everything; reads in flight will not store what they found. */
  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}

/**
 * Runs a write that changes who may do what. Once it commits, this
 * instance's cache is cleared, and the NOTIFY sent inside the transaction
 * (delivered by PostgreSQL only on commit) clears every other instance's.
 */
export async function changeAccess<T>(deps: Pick<Deps, "db" | "credentials">, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  const result = await deps.db.$transaction(async (tx) => {
    const value = await work(tx);
    await tx.$executeRaw`SELECT pg_notify(${ACCESS_CHANGED_CHANNEL}, '')`;
    return value;
  });
  deps.credentials.clear();
  return result;
}
