import { setTimeout as sleepFor } from "node:timers/promises";

/**
 * Where services read the time, wait and schedule. Services never call
 * `Date.now()` or `setTimeout` themselves, so tests can move time forward
 * instead of sleeping, and expiry is decided by one clock rather than by
 * whichever of the server or the database answers.
 */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** Runs `task` once, `ms` from now, unless cancelled first. */
  after(ms: number, task: () => unknown): Timer;
}

export interface Timer {
  cancel(): void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => sleepFor(ms),
  after(ms, task) {
    const handle = setTimeout(task, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

interface PendingTask {
  due: number;
  task: () => unknown;
}

/**
 * A clock that only moves when told to, for tests: `advance` moves it and
 * runs what has fallen due; `sleep` advances it instead of waiting.
 */
export class ManualClock implements Clock {
  #ms: number;
  readonly #pending = new Set<PendingTask>();

  constructor(start: Date = new Date()) {
    this.#ms = start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  async sleep(ms: number): Promise<void> {
    await this.advance(ms);
  }

  after(ms: number, task: () => unknown): Timer {
    const pending = { due: this.#ms + ms, task };
    this.#pending.add(pending);
    return { cancel: () => this.#pending.delete(pending) };
  }

  /**
   * Moves time forward by `ms`, then starts every task now due, in the
   * order they fell due, and resolves once all have finished. A span longer
   * than a task's period runs it once, as a suspended machine would on
   * waking; a task scheduled by one of them waits for the next advance.
   */
  async advance(ms: number): Promise<void> {
    this.#ms += ms;
    const due = [...this.#pending].filter((p) => p.due <= this.#ms).sort((a, b) => a.due - b.due);
    for (const pending of due) this.#pending.delete(pending);
    await Promise.allSettled(due.map(async (pending) => pending.task()));
  }
}
