import { createCipheriv, pbkdf2, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from "node:crypto";
import { verify as argon2Verify } from "@node-rs/argon2";

/**
 * Password hashes made by other systems, brought in by a bulk import: kept
 * as they came, in a form that says what it is, and checked at the user's
 * first sign-in (which then replaces it with Steward's own argon2id hash).
 * Every check runs off the event loop (libuv's thread pool: bcrypt and
 * argon2 through their bindings, scrypt and PBKDF2 through node:crypto).
 *
 * The stored forms, one per family (a stored hash is never in clear, and
 * each names its algorithm and every parameter needed to check it):
 *
 * - argon2i / argon2id / argon2d: the PHC string, as it came (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`);
 * - bcrypt: as it came (`$2a$`, `$2b$`, `$2y$`, cost, 22 salt and 31 hash characters);
 * - PBKDF2: `$pbkdf2-<sha1|sha256|sha512>$i=<iterations>$<salt, base64>$<derived key, base64>`
 *   (Django's `pbkdf2_sha256$…` and Keycloak's credential object both map onto it: Django's salt is
 *   text, so its UTF-8 bytes are what is stored; the key's length is the stored key's);
 * - scrypt: passlib's `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<key>` (adapted base64), as it came;
 * - Firebase's modified scrypt: `$firebase-scrypt$n=<mem cost>,r=<rounds>$<salt separator>$<signer key>$<salt>$<hash>`
 *   (base64 each): the project's parameters travel with every hash, so each one checks on its own.
 *
 * Costs are bounded (a hash asking for gigabytes or hours is refused at
 * import), so checking one costs no more than a few argon2 checks.
 */

export type ForeignHashInput =
  | string
  | { algorithm?: unknown; hashIterations?: unknown; salt?: unknown; value?: unknown; credentialData?: unknown; secretData?: unknown };

export interface FirebaseScryptParams {
  signerKey: string;
  saltSeparator: string;
  rounds: number;
  memCost: number;
}

export interface HashContext {
  /** The row's own salt (Firebase's per-user `salt`, base64). */
  salt?: string | null;
  /** The project's Firebase scrypt parameters, given with the import. */
  firebaseScrypt?: FirebaseScryptParams;
}

export type Normalized = { ok: true; stored: string } | { ok: false; reason: "unknown_hash_format" | "missing_hash_parameters"; message: string };

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const ARGON2 = /^\$argon2(?:id|i|d)\$(?:v=(?:16|19)\$)?m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]{8,}={0,2}\$[A-Za-z0-9+/]{16,}={0,2}$/;
const DJANGO_PBKDF2 = /^pbkdf2_(sha1|sha256)\$(\d{1,9})\$([^$]{1,256})\$([A-Za-z0-9+/]{16,}={0,2})$/;
const PBKDF2 = /^\$pbkdf2-(sha1|sha256|sha512)\$i=(\d{1,9})\$([A-Za-z0-9+/]*={0,2})\$([A-Za-z0-9+/]{16,}={0,2})$/;
const PASSLIB_SCRYPT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9./]*)\$([A-Za-z0-9./]{16,})$/;
const FIREBASE = /^\$firebase-scrypt\$n=(\d{1,2}),r=(\d{1,2})\$([A-Za-z0-9+/]*={0,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]*={0,2})\$([A-Za-z0-9+/]+={0,2})$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The most an imported hash may ask of a sign-in. */
const LIMITS = {
  bcryptCost: 16,
  argon2MemoryKiB: 256 * 1024,
  argon2Iterations: 20,
  argon2Parallelism: 16,
  pbkdf2Iterations: 5_000_000,
  /** scrypt's memory, 128 · N · r bytes. */
  scryptBytes: 256 * 1024 * 1024,
} as const;

const unknown = (message: string): Normalized => ({ ok: false, reason: "unknown_hash_format", message });
const stored = (value: string): Normalized => ({ ok: true, stored: value });

/**
 * A foreign hash as an import gives it, in its stored form; or why it
 * cannot be checked. Steward's own argon2id hashes (an export's) come back as they are.
 */
export function normalizeForeignHash(input: ForeignHashInput, context: HashContext = {}): Normalized {
  if (typeof input !== "string") return fromKeycloak(input);
  const hash = input.trim();
  let match: RegExpExecArray | null;
  if ((match = BCRYPT.exec(hash))) {
    const cost = Number(match[1]);
    return cost >= 4 && cost <= LIMITS.bcryptCost ? stored(hash) : unknown(`bcrypt cost ${cost} is outside 4 to ${LIMITS.bcryptCost}`);
  }
  if ((match = ARGON2.exec(hash))) {
    const [m, t, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (m < 8 || m > LIMITS.argon2MemoryKiB || t < 1 || t > LIMITS.argon2Iterations || p < 1 || p > LIMITS.argon2Parallelism) {
      return unknown(`argon2 costs m=${m},t=${t},p=${p} are beyond what a sign-in checks (m ≤ ${LIMITS.argon2MemoryKiB}, t ≤ ${LIMITS.argon2Iterations}, p ≤ ${LIMITS.argon2Parallelism})`);
    }
    return stored(hash);
  }
  if ((match = DJANGO_PBKDF2.exec(hash))) {
    const [, digest, iterations, salt, key] = match;
    return pbkdf2Form(digest!, Number(iterations), Buffer.from(salt!, "utf8"), key!);
  }
  if ((match = PBKDF2.exec(hash))) {
    const [, digest, iterations, salt, key] = match;
    return pbkdf2Form(digest!, Number(iterations), Buffer.from(salt!, "base64"), key!);
  }
  if ((match = PASSLIB_SCRYPT.exec(hash))) {
    const [ln, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const problem = scryptCostProblem(2 ** ln, r, p);
    return problem ? unknown(problem) : stored(hash);
  }
  if ((match = FIREBASE.exec(hash))) {
    const problem = scryptCostProblem(2 ** Number(match[1]), Number(match[2]), 1);
    return problem ? unknown(problem) : stored(hash);
  }
  if (BASE64.test(hash) && (context.salt || context.firebaseScrypt)) return firebaseForm(hash, context);
  return unknown("Not a bcrypt, argon2, PBKDF2 or scrypt hash in a form Steward reads");
}

/** A Firebase scrypt hash (base64) with its user's salt and the project's parameters, in its stored form. */
function firebaseForm(hash: string, { salt, firebaseScrypt: params }: HashContext): Normalized {
  if (!salt || !params) {
    return {
      ok: false,
      reason: "missing_hash_parameters",
      message: salt
        ? "A Firebase scrypt hash needs the project's parameters (a hashParameters line, or the Steward-Scrypt-Parameters header)"
        : "A Firebase scrypt hash needs its salt (passwordSalt)",
    };
  }
  if (!BASE64.test(salt)) return unknown("passwordSalt is not base64");
  const problem = scryptCostProblem(2 ** params.memCost, params.rounds, 1);
  if (problem) return unknown(problem);
  return stored(`$firebase-scrypt$n=${params.memCost},r=${params.rounds}$${params.saltSeparator}$${params.signerKey}$${salt}$${hash}`);
}

/** Keycloak's credential (either export shape) as a stored PBKDF2 hash. */
function fromKeycloak(input: Exclude<ForeignHashInput, string>): Normalized {
  let fields: Record<string, unknown> = input;
  if (typeof input.credentialData === "string" && typeof input.secretData === "string") {
    try {
      fields = { ...(JSON.parse(input.credentialData) as object), ...(JSON.parse(input.secretData) as object) };
    } catch {
      return unknown("credentialData and secretData must be JSON texts");
    }
  }
  const { algorithm, hashIterations, salt, value } = fields;
  const digest = typeof algorithm === "string" ? /^pbkdf2(?:-(sha256|sha512))?$/.exec(algorithm)?.[1] ?? (algorithm === "pbkdf2" ? "sha1" : undefined) : undefined;
  if (!digest) return unknown(`Keycloak credential algorithm ${JSON.stringify(algorithm)} is not one Steward checks (pbkdf2, pbkdf2-sha256, pbkdf2-sha512)`);
  if (typeof hashIterations !== "number" || !Number.isInteger(hashIterations)) return unknown("A Keycloak credential needs hashIterations");
  if (typeof salt !== "string" || !BASE64.test(salt) || typeof value !== "string" || !BASE64.test(value)) {
    return unknown("A Keycloak credential needs salt and value in base64");
  }
  return pbkdf2Form(digest, hashIterations, Buffer.from(salt, "base64"), value);
}

function pbkdf2Form(digest: string, iterations: number, salt: Buffer, key: string): Normalized {
  if (iterations < 1 || iterations > LIMITS.pbkdf2Iterations) return unknown(`PBKDF2 iterations ${iterations} are outside 1 to ${LIMITS.pbkdf2Iterations}`);
  const keyBytes = Buffer.from(key, "base64");
  if (keyBytes.length < 16 || keyBytes.length > 128) return unknown("A PBKDF2 key of 16 to 128 bytes is expected");
  return stored(`$pbkdf2-${digest}$i=${iterations}$${salt.toString("base64").replace(/=+$/, "")}$${keyBytes.toString("base64").replace(/=+$/, "")}`);
}

function scryptCostProblem(n: number, r: number, p: number): string | undefined {
  if (n < 2 || r < 1 || p < 1 || p > 16) return `scrypt parameters N=${n}, r=${r}, p=${p} are not valid`;
  if (128 * n * r > LIMITS.scryptBytes) return `scrypt N=${n}, r=${r} needs more memory than a sign-in may take`;
  return undefined;
}

/** Checks a password against any stored form (Steward's argon2id included); false for a form it does not know. */
export async function verifyStoredHash(storedHash: string, password: string): Promise<boolean> {
  try {
    if (storedHash.startsWith("$argon2")) return await argon2Verify(storedHash, password);
    if (BCRYPT.test(storedHash)) return await (await bcrypt()).verify(password, storedHash);
    let match: RegExpExecArray | null;
    if ((match = PBKDF2.exec(storedHash))) {
      const [, digest, iterations, salt, key] = match;
      const expected = Buffer.from(key!, "base64");
      const derived = await new Promise<Buffer>((resolve, reject) =>
        pbkdf2(password, Buffer.from(salt!, "base64"), Number(iterations), expected.length, digest!, (error, out) => (error ? reject(error) : resolve(out))),
      );
      return equal(derived, expected);
    }
    if ((match = PASSLIB_SCRYPT.exec(storedHash))) {
      const [ln, r, p, salt, key] = [Number(match[1]), Number(match[2]), Number(match[3]), match[4]!, match[5]!];
      const expected = fromAdaptedBase64(key);
      const derived = await scryptAsync(password, fromAdaptedBase64(salt), expected.length, { N: 2 ** ln, r, p });
      return equal(derived, expected);
    }
    if ((match = FIREBASE.exec(storedHash))) {
      const [memCost, rounds, separator, signerKey, salt, hash] = [Number(match[1]), Number(match[2]), match[3]!, match[4]!, match[5]!, match[6]!];
      const derived = await scryptAsync(password, Buffer.concat([Buffer.from(salt, "base64"), Buffer.from(separator, "base64")]), 32, {
        N: 2 ** memCost,
        r: rounds,
        p: 1,
      });
      // Firebase encrypts the project's signer key with the derived key (AES-256-CTR, a zero IV); that ciphertext is the hash.
      const cipher = createCipheriv("aes-256-ctr", derived, Buffer.alloc(16));
      const made = Buffer.concat([cipher.update(Buffer.from(signerKey, "base64")), cipher.final()]);
      return equal(made, Buffer.from(hash, "base64"));
    }
    return false;
  } catch {
    return false;
  }
}

let bcryptBinding: Promise<typeof import("@node-rs/bcrypt")> | undefined;
/** Loaded on the first bcrypt check: most servers never hold one. */
function bcrypt(): Promise<typeof import("@node-rs/bcrypt")> {
  bcryptBinding ??= import("@node-rs/bcrypt");
  return bcryptBinding;
}

function scryptAsync(password: BinaryLike, salt: BinaryLike, length: number, options: ScryptOptions & { N: number; r: number }): Promise<Buffer> {
  // maxmem: scrypt needs 128·N·r bytes (and a little more); Node's default cap is 32 MiB.
  const maxmem = 128 * options.N * options.r * 2 + 1024 * 1024;
  return new Promise((resolve, reject) => scrypt(password, salt, length, { ...options, maxmem }, (error, key) => (error ? reject(error) : resolve(key))));
}

/** passlib's adapted base64: `.` for `+`, no padding. */
function fromAdaptedBase64(text: string): Buffer {
  return Buffer.from(text.replace(/\./g, "+"), "base64");
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
