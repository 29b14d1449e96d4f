import { z } from "zod";
import { createRequire } from "node:module";
import { DEFAULT_RESET_TTL_SECONDS, INVITE_LIFETIME_CEILING_SECONDS, PASSWORD_MAX_LENGTH, RegistrationPolicySchema, type RegistrationPolicy } from "@steward/contracts";
import { DIALECT_BASE_PATHS, DIALECT_NAMES, type DialectName, type DialectSettings } from "./http/dialects/names.ts";
import type { PasswordPolicySettings, ServiceSettings } from "./services/kernel/settings.ts";

/** The server package's version, as released. */
export const STEWARD_VERSION: string = createRequire(import.meta.url)("../package.json").version;

const DurationSeconds = z.coerce.number().int().positive();
const Seconds = z.coerce.number().int().min(0);
/** A dialect's base path: `/` and a name or more, not under /api/v1. */
const BasePath = z
  .string()
  .regex(/^(\/[A-Za-z0-9._~-]+)+$/, "must be a path such as /admin_api (no trailing slash)")
  .refine((path) => !/^\/api\/v1(\/|$)/.test(path), "must not be under /api/v1");

/**
 * Every setting, read from the environment. Defaults make `pnpm start`
 * work with no configuration at all; README.md documents each variable.
 */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_CONNECT_TIMEOUT: DurationSeconds.default(10),
  STEWARD_PUBLIC_URL: z.string().url().refine((url) => /^https?:/.test(url), "must be an http(s) URL").default("http://localhost:3000"),
  STEWARD_SITE_NAME: z.string().trim().min(1).max(100).default("Steward"),
  STEWARD_XMPP_DOMAIN: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, "must be a domain name").optional(),
  STEWARD_MUC_DOMAIN: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, "must be a domain name").optional(),
  STEWARD_REDEEM_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  STEWARD_DIALECTS: z
    .string()
    .default("all")
    .transform((value) => value.split(",").map((name) => name.trim()).filter(Boolean))
    .refine((names) => names.every((name) => name === "all" || name === "none" || (DIALECT_NAMES as string[]).includes(name)), {
      message: `list the dialects to serve, comma-separated, from: ${DIALECT_NAMES.join(", ")} (or all, or none)`,
    }),
  STEWARD_PROSODY_PATH: BasePath.default(DIALECT_BASE_PATHS.prosody),
  STEWARD_PLEROMA_PATH: BasePath.default(DIALECT_BASE_PATHS.pleroma),
  STEWARD_PTERODACTYL_PATH: BasePath.default(DIALECT_BASE_PATHS.pterodactyl),
  STEWARD_PRYV_PATH: BasePath.default(DIALECT_BASE_PATHS.pryv),
  STEWARD_PRYV_EARLY_PATH: BasePath.default(DIALECT_BASE_PATHS["pryv-early"]),
  STEWARD_ADMIN_USERNAME: z.string().min(1).max(64).default("admin"),
  STEWARD_ADMIN_PASSWORD: z.string().min(8).max(256).optional(),
  STEWARD_SESSION_TTL: DurationSeconds.default(12 * 3600),
  STEWARD_CREDENTIAL_CACHE_TTL: z.coerce.number().int().min(0).max(300).default(30),
  STEWARD_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  STEWARD_TRUST_PROXY: z.string().default("loopback"),
  STEWARD_ARGON2_MEMORY_KIB: z.coerce.number().int().min(19456).default(19456),
  STEWARD_ARGON2_ITERATIONS: z.coerce.number().int().min(2).default(2),
  STEWARD_ARGON2_PARALLELISM: z.coerce.number().int().min(1).default(1),
  STEWARD_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  STEWARD_PASSWORD_MIN_LENGTH: z.coerce.number().int().min(1).max(256).default(8),
  STEWARD_PASSWORD_REJECT_COMMON: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
  STEWARD_REGISTRATION: RegistrationPolicySchema.default("invite-only"),
  STEWARD_INVITE_MAX_LIFETIME: DurationSeconds.min(3600).max(INVITE_LIFETIME_CEILING_SECONDS).default(365 * 24 * 3600),
  // Unset: the platform's policy. The Panel takes passwords of any length; a platform that must too says so here.
  STEWARD_PTERODACTYL_PASSWORD_MIN_LENGTH: z.coerce.number().int().min(1).max(256).optional(),
  STEWARD_LOGIN_MAX_DELAY: z.coerce.number().min(0).max(60).default(10),
  // HTTP server: slow clients, connection cap, response headers, shutdown.
  STEWARD_HEADERS_TIMEOUT_SECONDS: DurationSeconds.default(15),
  STEWARD_REQUEST_TIMEOUT_SECONDS: DurationSeconds.default(30),
  STEWARD_KEEP_ALIVE_TIMEOUT_SECONDS: DurationSeconds.default(65),
  STEWARD_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1024),
  STEWARD_HSTS_MAX_AGE: Seconds.default(365 * 24 * 3600),
  STEWARD_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean))
    .refine((origins) => origins.every((origin) => origin === "*" || /^https?:\/\/[^/?#\s]+$/.test(origin)), {
      message: "list origins as scheme://host[:port], comma-separated (no path, no trailing slash), or *",
    }),
  STEWARD_CORS_CREDENTIALS: z.enum(["on", "off"]).default("off"),
  STEWARD_METRICS: z.enum(["on", "off"]).default("off"),
  STEWARD_SHUTDOWN_GRACE_SECONDS: Seconds.default(5),
  STEWARD_SHUTDOWN_TIMEOUT_SECONDS: Seconds.default(10),
  // Mail: SMTP server, sender, worker interval.
  SMTP_URL: z
    .string()
    .url()
    .refine((url) => /^smtps?:/.test(url), "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587")
    .optional(),
  STEWARD_MAIL_FROM: z.string().trim().min(3).max(320).optional(),
  STEWARD_MAIL_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
  // Notify: how long a push to one target may take.
  STEWARD_NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
  // Keys that seal secrets at rest; parsed (and checked) by secret-key.ts.
  STEWARD_SECRET_KEY: z.string().optional(),
  STEWARD_SECRET_KEY_FILE: z.string().optional(),
}).refine((e) => e.STEWARD_HEADERS_TIMEOUT_SECONDS <= e.STEWARD_REQUEST_TIMEOUT_SECONDS, {
  path: ["STEWARD_HEADERS_TIMEOUT_SECONDS"],
  message: "must not exceed STEWARD_REQUEST_TIMEOUT_SECONDS (the headers are part of the request)",
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Seconds a query waits for a PostgreSQL connection, and a transaction to start, before the request is answered 503. */
  databaseConnectTimeoutSeconds: number;
  /** Base of the public pages' links (invites, resets); the console's address by default. */
  publicUrl: string;
  siteName: string;
  /** The XMPP domain users' JIDs live under (Prosody dialect); the public URL's host by default. */
  xmppDomain: string;
  /** Who may get a new account, until the settings document says otherwise. */
  registration: RegistrationPolicy;
  /** The longest an invite may live, until the settings document says otherwise. */
  inviteMaxLifetimeSeconds: number;
  /** The domain of groups' chat rooms; `groups.<xmppDomain>` by default. */
  mucDomain: string;
  /** Invitation link reads and redemptions allowed per address in 15 minutes. */
  redeemRateLimit: number;
  /** The compatibility dialects served, each at its base path. */
  dialects: DialectSettings;
  admin: { username: string; password: string | undefined };
  sessionTtlSeconds: number;
  /** How long a token's owner and permissions may be reused without a database read; 0 turns the cache off. */
  credentialCacheTtlSeconds: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  trustProxy: string;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  /**
   * Failed sign-ins allowed per (account, address) in 15 minutes; an address
   * gets five times that over all accounts; past it on one account (from
   * anywhere), attempts are slowed down.
   */
  loginRateLimit: number;
  /** Longest delay, in seconds, an attempt on an account under attack waits. */
  loginMaxDelaySeconds: number;
  /** The password policy, and where a surface must differ from it (named settings only). */
  passwords: PasswordPolicySettings;
  http: {
    /** Time a client has to send a request's headers. */
    headersTimeoutSeconds: number;
    /** Time a client has to send a whole request, headers and body. */
    requestTimeoutSeconds: number;
    /** How long an idle keep-alive connection stays open. */
    keepAliveTimeoutSeconds: number;
    /** Open connections at most; more are closed as they arrive. */
    maxConnections: number;
    /** HSTS max-age sent on requests that came over HTTPS; 0 sends none. */
    hstsMaxAgeSeconds: number;
    /** Origins whose pages may call the API from a browser (CORS); none by default, `*` any (never with credentials). */
    corsOrigins: string[];
    /** Whether those pages may send cookies and HTTP authentication (`Access-Control-Allow-Credentials`). */
    corsCredentials: boolean;
    /** Whether `/metrics` answers (Prometheus text, for holders of `metrics:read`). */
    metrics: boolean;
  };
  shutdown: {
    /** After SIGTERM/SIGINT, how long readiness says `shutting_down` while requests are still served. */
    graceSeconds: number;
    /** Then, how long requests in flight may take before their connections are cut. */
    timeoutSeconds: number;
  };
  mail: {
    /** SMTP_URL as given (may hold a password: never logged); undefined keeps mail in the outbox. */
    smtpUrl: string | undefined;
    /** The From header; `Steward <no-reply@<xmppDomain>>` by default. */
    from: string;
    /** Milliseconds between the mail worker's rounds. */
    intervalMs: number;
  };
  /** Milliseconds a push to one notify target may take. */
  notifyTimeoutMs: number;
  /** STEWARD_SECRET_KEY as given: key material, never to be logged. */
  secretKey: string | undefined;
  /** Where the key file is when STEWARD_SECRET_KEY is unset; by default next to the data (secret-key.ts). */
  secretKeyFile: string | undefined;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.STEWARD_CORS_ORIGINS.includes("*") && e.STEWARD_CORS_CREDENTIALS === "on") {
    throw new Error("Invalid configuration:\n  STEWARD_CORS_CREDENTIALS: cannot be on with STEWARD_CORS_ORIGINS=* (browsers refuse it, and it would let any site act as the signed-in user): list the origins");
  }
  const xmppDomain = e.STEWARD_XMPP_DOMAIN ?? new URL(e.STEWARD_PUBLIC_URL).hostname;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseConnectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT,
    publicUrl: e.STEWARD_PUBLIC_URL.replace(/\/+$/, ""),
    siteName: e.STEWARD_SITE_NAME,
    xmppDomain,
    mucDomain: e.STEWARD_MUC_DOMAIN ?? `groups.${xmppDomain}`,
    redeemRateLimit: e.STEWARD_REDEEM_RATE_LIMIT,
    dialects: { enabled: enabledDialects(e.STEWARD_DIALECTS, { prosody: e.STEWARD_PROSODY_PATH, pleroma: e.STEWARD_PLEROMA_PATH, pterodactyl: e.STEWARD_PTERODACTYL_PATH, "pryv-early": e.STEWARD_PRYV_EARLY_PATH, pryv: e.STEWARD_PRYV_PATH }), xmppDomain },
    admin: { username: e.STEWARD_ADMIN_USERNAME, password: e.STEWARD_ADMIN_PASSWORD },
    sessionTtlSeconds: e.STEWARD_SESSION_TTL,
    credentialCacheTtlSeconds: e.STEWARD_CREDENTIAL_CACHE_TTL,
    logLevel: e.STEWARD_LOG_LEVEL,
    trustProxy: e.STEWARD_TRUST_PROXY,
    argon2: {
      memoryCost: e.STEWARD_ARGON2_MEMORY_KIB,
      timeCost: e.STEWARD_ARGON2_ITERATIONS,
      parallelism: e.STEWARD_ARGON2_PARALLELISM,
    },
    loginRateLimit: e.STEWARD_LOGIN_RATE_LIMIT,
    loginMaxDelaySeconds: e.STEWARD_LOGIN_MAX_DELAY,
    registration: e.STEWARD_REGISTRATION,
    inviteMaxLifetimeSeconds: e.STEWARD_INVITE_MAX_LIFETIME,
    passwords: {
      minLength: e.STEWARD_PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      rejectCommon: e.STEWARD_PASSWORD_REJECT_COMMON,
      minLengthBySurface: e.STEWARD_PTERODACTYL_PASSWORD_MIN_LENGTH === undefined ? {} : { pterodactyl: e.STEWARD_PTERODACTYL_PASSWORD_MIN_LENGTH },
    },
    http: {
      headersTimeoutSeconds: e.STEWARD_HEADERS_TIMEOUT_SECONDS,
      requestTimeoutSeconds: e.STEWARD_REQUEST_TIMEOUT_SECONDS,
      keepAliveTimeoutSeconds: e.STEWARD_KEEP_ALIVE_TIMEOUT_SECONDS,
      maxConnections: e.STEWARD_MAX_CONNECTIONS,
      hstsMaxAgeSeconds: e.STEWARD_HSTS_MAX_AGE,
      corsOrigins: e.STEWARD_CORS_ORIGINS,
      corsCredentials: e.STEWARD_CORS_CREDENTIALS === "on",
      metrics: e.STEWARD_METRICS === "on",
    },
    shutdown: {
      graceSeconds: e.STEWARD_SHUTDOWN_GRACE_SECONDS,
      timeoutSeconds: e.STEWARD_SHUTDOWN_TIMEOUT_SECONDS,
    },
    mail: {
      smtpUrl: e.SMTP_URL || undefined,
      from: e.STEWARD_MAIL_FROM ?? `Steward <no-reply@${xmppDomain}>`,
      intervalMs: e.STEWARD_MAIL_INTERVAL_MS,
    },
    notifyTimeoutMs: e.STEWARD_NOTIFY_TIMEOUT_MS,
    secretKey: e.STEWARD_SECRET_KEY || undefined,
    secretKeyFile: e.STEWARD_SECRET_KEY_FILE || undefined,
  };
}

/** The part of the configuration services act on. */
export function serviceSettings(config: Config, startedAt: Date): ServiceSettings {
  return {
    argon2: config.argon2,
    sessionTtlSeconds: config.sessionTtlSeconds,
    login: { limit: config.loginRateLimit, maxDelayMs: config.loginMaxDelaySeconds * 1000 },
    redeemRateLimit: config.redeemRateLimit,
    passwords: config.passwords,
    siteName: config.siteName,
    registration: config.registration,
    invites: {
      registerLifetimeSeconds: Math.min(7 * 24 * 3600, config.inviteMaxLifetimeSeconds),
      resetLifetimeSeconds: Math.min(DEFAULT_RESET_TTL_SECONDS, config.inviteMaxLifetimeSeconds),
      maxLifetimeSeconds: config.inviteMaxLifetimeSeconds,
    },
    publicUrl: config.publicUrl,
    xmppDomain: config.xmppDomain,
    chatDomain: config.mucDomain,
    mail: { from: config.mail.from, delivery: mailDelivery(config) },
    notify: { timeoutMs: config.notifyTimeoutMs },
    version: STEWARD_VERSION,
    startedAt,
  };
}

/** Where mail goes, for logs: the SMTP host and port (never its credentials), or `outbox`. */
export function mailDelivery(config: Pick<Config, "mail">): string {
  if (!config.mail.smtpUrl) return "outbox";
  const url = new URL(config.mail.smtpUrl);
  return `smtp ${url.hostname}:${url.port || (url.protocol === "smtps:" ? "465" : "587")}`;
}

function enabledDialects(names: string[], basePaths: Record<DialectName, string>): DialectSettings["enabled"] {
  const chosen = names.includes("none") ? [] : names.includes("all") ? DIALECT_NAMES : (names as DialectName[]);
  // In DIALECT_NAMES' order: dialects sharing a base path are mounted in a fixed order (registry.ts).
  return DIALECT_NAMES.filter((name) => chosen.includes(name)).map((name) => ({ name, basePath: basePaths[name] }));
}
