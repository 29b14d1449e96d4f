import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DatabaseKind } from "@steward/db";
import type { Logger } from "./lib/logger.ts";
import { generateKey, KEY_BYTES, Keyring } from "./services/kernel/keyring.ts";

export interface KeyringSource {
  /** STEWARD_SECRET_KEY: keys separated by commas, the first seals, all open. */
  secretKey: string | undefined;
  /** STEWARD_SECRET_KEY_FILE: where the keys are when STEWARD_SECRET_KEY is unset. */
  secretKeyFile: string | undefined;
  databaseKind: DatabaseKind;
  /** `Database.location`: a PGlite folder, `memory`, or a masked PostgreSQL URL. */
  databaseLocation: string;
  log: Logger;
}

/**
 * The keys that seal secrets at rest, from the first of:
 * - STEWARD_SECRET_KEY;
 * - the file STEWARD_SECRET_KEY_FILE names;
 * - `secret.key` in the embedded database's folder, so the key travels
 *   (and is backed up) with the data it opens;
 * - for an in-memory database, a key generated for this process alone;
 * - for PostgreSQL, `.steward/secret.key` under the working directory.
 * A key file that does not exist yet is created with one new key (mode 0600).
 * Logs where the keys come from and their ids, never the keys.
 */
export async function loadKeyring(source: KeyringSource): Promise<Keyring> {
  const { secretKey, secretKeyFile, databaseKind, databaseLocation, log } = source;
  if (secretKey !== undefined) {
    const keyring = keyringOf(parseKeys(secretKey, "STEWARD_SECRET_KEY"), "STEWARD_SECRET_KEY");
    log.info("secret keys from STEWARD_SECRET_KEY", { currentKeyId: keyring.currentKeyId, keyIds: keyring.keyIds });
    return keyring;
  }
  if (secretKeyFile === undefined && databaseKind === "pglite" && databaseLocation === "memory") {
    const keyring = new Keyring([generateKey()]);
    log.info("secret key is ephemeral: generated for this in-memory database, gone with the process", { currentKeyId: keyring.currentKeyId });
    return keyring;
  }
  const file = keyFilePath({ secretKeyFile, databaseKind, databaseLocation });
  const { keys, created } = await readOrCreateKeyFile(file, log);
  const keyring = keyringOf(keys, `the key file ${file}`);
  log.info(created ? "secret key file created: back it up with the database" : "secret key file read", {
    path: file,
    currentKeyId: keyring.currentKeyId,
    keyIds: keyring.keyIds,
    ...(databaseKind === "postgres" && secretKeyFile === undefined
      ? { note: "instances on one database must share their keys: set STEWARD_SECRET_KEY on each" }
      : {}),
  });
  return keyring;
}

/** The key file loadKeyring reads when STEWARD_SECRET_KEY is unset (for an in-memory database, where it would be). */
export function keyFilePath(source: Pick<KeyringSource, "secretKeyFile" | "databaseKind" | "databaseLocation">): string {
  const { secretKeyFile, databaseKind, databaseLocation } = source;
  return path.resolve(secretKeyFile ?? (databaseKind === "pglite" ? path.join(databaseLocation, "secret.key") : path.join(".steward", "secret.key")));
}

/**
 * Rewrites a key file with these keys, the first sealing from now on:
 * written beside it, then renamed over it, so a reader sees the old file
 * or the new one, never half of one. Mode 0600.
 */
export async function writeKeyFile(file: string, keys: Buffer[]): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, `${keys.map((key) => key.toString("hex")).join("\n")}\n`, { mode: 0o600, flag: "wx" });
  await rename(temp, file);
}

/** The keys a key file holds (it must exist). */
export async function readKeys(file: string, log: Logger): Promise<Buffer[]> {
  const keys = await readKeyFile(file, log);
  if (!keys) throw new Error(`there is no key file at ${file}`);
  return keys;
}

/**
 * Keys separated by commas (or whitespace, in a file), each 32 bytes as 64
 * hex characters or as base64/base64url. Errors name `source` and the key's
 * position, never the value.
 */
export function parseKeys(text: string, source: string): Buffer[] {
  const entries = text.split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) throw new Error(`${source} holds no key; generate one with: openssl rand -hex ${KEY_BYTES}`);
  return entries.map((entry, index) => {
    const key = decodeKey(entry);
    if (!key) {
      throw new Error(
        `${source}: key ${index + 1} of ${entries.length} is not a ${KEY_BYTES}-byte key ` +
          `(64 hex characters, or base64/base64url of ${KEY_BYTES} bytes); generate one with: openssl rand -hex ${KEY_BYTES}`,
      );
    }
    return key;
  });
}

/** A keyring, or an error that says where the faulty keys came from. */
function keyringOf(keys: Buffer[], source: string): Keyring {
  try {
    return new Keyring(keys);
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
}

function decodeKey(entry: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(entry)) return Buffer.from(entry, "hex");
  const base64url = entry.replace(/=$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  if (!/^[A-Za-z0-9_-]{43}$/.test(base64url)) return undefined;
  const key = Buffer.from(base64url, "base64url");
  // Node's decoder skips what it cannot read: only a text that is exactly these bytes counts.
  return key.length === KEY_BYTES && key.toString("base64url") === base64url ? key : undefined;
}

async function readOrCreateKeyFile(file: string, log: Logger): Promise<{ keys: Buffer[]; created: boolean }> {
  const existing = await readKeyFile(file, log);
  if (existing) return { keys: existing, created: false };
  const key = generateKey();
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(temp, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    throw new Error(`cannot create the secret key file ${file}; set STEWARD_SECRET_KEY or STEWARD_SECRET_KEY_FILE`, { cause: error });
  }
  try {
    // link() refuses an existing file: of servers starting together, one key wins, read whole by the others.
    await link(temp, file);
    return { keys: [key], created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { keys: (await readKeyFile(file, log))!, created: false };
  } finally {
    await unlink(temp);
  }
}

/** The keys in `file`, or undefined if there is no such file. */
async function readKeyFile(file: string, log: Logger): Promise<Buffer[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if ((await stat(file)).mode & 0o077) log.warn("the secret key file can be read by other users: chmod 600 it", { path: file });
  return parseKeys(text, `the key file ${file}`);
}
