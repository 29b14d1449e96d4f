import { setTimeout as sleepFor } from "node:timers/promises";

/**
 * Where services read the time and wait. Services never call `Date.now()`
 * or `setTimeout` themselves, so tests can move time forward instead of
 * sleeping, and expiry is decided by one clock rather than by whichever of
 * the server or the database answers.
 */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => sleepFor(ms),
};

/**
 * A clock that only moves when told to, for tests: `advance` moves it, and
 * `sleep` advances it instead of waiting.
 */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date = new Date()) {
    this.#ms = start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  async sleep(ms: number): Promise<void> {
    this.advance(ms);
  }

  advance(ms: number): void {
    this.#ms += ms;
  }
}
