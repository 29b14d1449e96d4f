interface Entry<T> {
  caller: T;
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
 * through `mutate` (mutate.ts), which clears this cache once it commits here, and
 * a NOTIFY clears it in every other instance. The generation counter stops
 * a read that started before such a write from storing what it saw.
 */
export class CredentialCache<T> {
  #entries = new Map<string, Entry<T>>();
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

  lookup(tokenHash: string, now: number): Entry<T> | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    if (now >= entry.staleAt || (entry.expiresAt !== null && now >= entry.expiresAt)) {
      this.#entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  store(tokenHash: string, caller: T, expiresAt: Date | null, touchedAt: number, generation: number, now: number): void {
    if (!this.enabled || generation !== this.#generation) return;
    if (this.#entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(tokenHash, { caller, staleAt: now + this.ttlMs, expiresAt: expiresAt?.getTime() ?? null, touchedAt });
  }

  /** Forgets everything; reads in flight will not store what they found. */
  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}
