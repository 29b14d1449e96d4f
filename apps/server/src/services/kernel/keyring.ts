import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/** Bytes of an AES-256 key. */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = "v1";

/**
 * What each sealed field is bound to (the additional authenticated data):
 * a ciphertext opens only under the context it was sealed with, so it cannot
 * be copied from one field into another.
 */
export const SEAL_CONTEXT = {
  inviteToken: "invite.token",
  /** An outbox message's `{text, html}`: they carry invite links. */
  mailBody: "mail.body",
  /** A user's TOTP secret; sealed under `user.mfa_secret:<user id>`, so it opens only on its own user's row. */
  mfaSecret: "user.mfa_secret",
  /** A notify target's signing secret; sealed under `notify_target.secret:<target id>`, so it opens only on its own target's row. */
  notifySecret: "notify_target.secret",
  /** An app's personal token (get-my-token answers it again); sealed under `access_token.secret:<token id>`. */
  appToken: "access_token.secret",
  /** The access token a bookmark keeps; sealed under `bookmark.token:<bookmark id>`. */
  bookmarkToken: "bookmark.token",
  /** A POST's first answer, kept to answer a retry with the same `Idempotency-Key`; sealed under `idempotency.answer:<record id>`. */
  idempotentAnswer: "idempotency.answer",
} as const;

/** `v1.<keyId>.<iv>.<ciphertext>.<tag>`, the last three base64url. */
const SEALED = /^v1\.([0-9a-f]{8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

/** Names a key without revealing it: the first 8 hex characters of its SHA-256. */
export function keyIdOf(key: Uint8Array): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** A new random key. */
export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * Secrets that must be read back (not just compared, which a hash does) are
 * kept sealed with AES-256-GCM. The first key seals; every key opens, so a
 * new key can be put first while values sealed under the old one still open
 * until they are re-sealed (rotation). Key material stays in private fields:
 * it never shows in logs or inspection.
 */
export class Keyring {
  readonly #keys = new Map<string, Buffer>();
  readonly #current: string;

  constructor(keys: readonly Uint8Array[]) {
    if (keys.length === 0) throw new Error("a keyring needs at least one key");
    for (const [index, key] of keys.entries()) {
      if (key.length !== KEY_BYTES) throw new Error(`key ${index + 1} is ${key.length} bytes, not ${KEY_BYTES}`);
      const id = keyIdOf(key);
      if (this.#keys.has(id)) throw new Error(`key ${index + 1} is listed twice (key id ${id})`);
      this.#keys.set(id, Buffer.from(key));
    }
    this.#current = keyIdOf(keys[0]!);
  }

  /** Ids of every key, the current one first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Id of the key that seals. */
  get currentKeyId(): string {
    return this.#current;
  }

  /**
   * A key for one purpose (signing the Pryv dialect's tokens), derived from
   * the key `keyId` (the current one by default) with HKDF-SHA256: never the
   * sealing key itself, and a different key for every purpose. Undefined for
   * a key id this ring does not hold.
   */
  derivedKey(purpose: string, keyId = this.#current): Uint8Array | undefined {
    const key = this.#keys.get(keyId);
    return key ? new Uint8Array(hkdfSync("sha256", key, Buffer.alloc(0), `steward:${purpose}`, KEY_BYTES)) : undefined;
  }

  /** Encrypts with the current key; `context` must be given again to open. */
  seal(plain: string, context = ""): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#keys.get(this.#current)!, iv);
    cipher.setAAD(additionalData(this.#current, context));
    const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [VERSION, this.#current, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".");
  }

  /** Decrypts a value sealed by any key of this ring under the same context. */
  open(sealed: string, context = ""): string {
    const { keyId, iv, ciphertext, tag } = parseSealed(sealed);
    const key = this.#keys.get(keyId);
    if (!key) throw new Error(`sealed value was made with key ${keyId}, which this keyring does not hold`);
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId, context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    } catch {
      throw new Error(`sealed value does not authenticate under key ${keyId}: altered, or opened with the wrong context`);
    }
  }

  /** True when the value was sealed under another key than the current one. */
  needsReseal(sealed: string): boolean {
    return sealedKeyId(sealed) !== this.#current;
  }
}

/** The id of the key a value was sealed with. */
export function sealedKeyId(sealed: string): string {
  return parseSealed(sealed).keyId;
}

function parseSealed(sealed: string): { keyId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const match = SEALED.exec(sealed);
  // The value itself is never quoted: it may be a secret stored in the wrong place.
  if (!match) throw new Error(`not a sealed value (expected ${VERSION}.<key id>.<iv>.<ciphertext>.<tag>)`);
  const [, keyId, iv, ciphertext, tag] = match;
  return {
    keyId: keyId!,
    iv: Buffer.from(iv!, "base64url"),
    ciphertext: Buffer.from(ciphertext!, "base64url"),
    tag: Buffer.from(tag!, "base64url"),
  };
}

/** Binds the version and key id shown in the text, and the field's context, to the ciphertext. */
function additionalData(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}.${keyId}.${context}`, "utf8");
}
