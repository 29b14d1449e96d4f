/** argon2id cost parameters. */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/**
 * The settings services act on. The server maps its configuration onto
 * this at start-up; services never read the environment or the server's
 * config module, so they run the same under any surface or test.
 */
export interface ServiceSettings {
  argon2: Argon2Params;
  /** Lifetime of a sign-in session. */
  sessionTtlSeconds: number;
  login: {
    /** Failures allowed per (account, address) in the window; also where slowing down starts. */
    limit: number;
    /** The longest an attempt is held back, in milliseconds. */
    maxDelayMs: number;
  };
}
