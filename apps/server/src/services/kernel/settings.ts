import type { RegistrationPolicy } from "@steward/contracts";

/** argon2id cost parameters. */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/**
 * What a password must be, checked by every use case that sets one
 * (password-policy.ts), on every surface alike.
 */
export interface PasswordPolicySettings {
  minLength: number;
  /** Bounds argon2's work as much as it guards anything: the contracts refuse longer ones too. */
  maxLength: number;
  /**
   * A surface whose original system takes shorter passwords (Pterodactyl's
   * Panel) gets its own minimum only through a named setting; the platform's otherwise.
   */
  minLengthBySurface: Partial<Record<string, number>>;
  /** Refuse the common and breached passwords of the zxcvbn-ts list. */
  rejectCommon: boolean;
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
  /** Redemption attempts (reads and redeems of invitation links) allowed per address in 15 minutes. */
  redeemRateLimit: number;
  passwords: PasswordPolicySettings;
  /**
   * The first-start values of the platform settings document (services/
   * settings): once it is written, the document decides. These are only
   * read where the document is (platform-settings.ts).
   */
  /** Name of the platform, shown on public pages and in server info. */
  siteName: string;
  registration: RegistrationPolicy;
  invites: { registerLifetimeSeconds: number; resetLifetimeSeconds: number; maxLifetimeSeconds: number };
  /** The XMPP domain users' chat addresses live under. */
  xmppDomain: string;
  /** Base URL of the public pages (invite and reset links), without a trailing slash. */
  publicUrl: string;
  /** Domain under which groups get chat rooms (`<id>@<chatDomain>`). */
  chatDomain: string;
  mail: {
    /** The From header of every mail Steward sends. */
    from: string;
    /** Where queued mail goes, for the log: `outbox` (kept, no SMTP server set) or the SMTP host and port. */
    delivery: string;
  };
  /** Pushing the settings to notify targets (services/settings/notify). */
  notify: {
    /** How long one push may take, connection to answer, before it counts as failed. */
    timeoutMs: number;
  };
  /** Steward's version, as released. */
  version: string;
  /** When this instance started. */
  startedAt: Date;
}
