import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { generateKey, keyIdOf, Keyring, SEAL_CONTEXT, sealedKeyId } from "../src/services/kernel/keyring.ts";

const CONTEXT = SEAL_CONTEXT.inviteToken;
const keyA = generateKey();
const keyB = generateKey();

/** Changes the character at `index` of part `part` of a sealed value (2 = IV, 3 = ciphertext, 4 = tag). */
function alter(sealed: string, part: number, index: number): string {
  const parts = sealed.split(".");
  const text = parts[part]!;
  parts[part] = text.slice(0, index) + (text[index] === "A" ? "B" : "A") + text.slice(index + 1);
  return parts.join(".");
}

describe("Keyring", () => {
  it("opens what it sealed, with a fresh IV every time, in the v1.<keyId>.<iv>.<ciphertext>.<tag> form", () => {
    const ring = new Keyring([keyA]);
    for (const plain of ["stv_invite-token", "", "ünïcødé ✓"]) {
      const sealed = ring.seal(plain, CONTEXT);
      expect(ring.open(sealed, CONTEXT)).toBe(plain);
    }
    const first = ring.seal("same", CONTEXT);
    const second = ring.seal("same", CONTEXT);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(first).not.toContain("same");
    expect(sealedKeyId(first)).toBe(ring.currentKeyId);
  });

  it("names a key by the first 8 hex characters of its SHA-256, and never shows the key", () => {
    const ring = new Keyring([keyA]);
    expect(ring.currentKeyId).toMatch(/^[0-9a-f]{8}$/);
    expect(ring.currentKeyId).toBe(keyIdOf(keyA));
    expect(ring.keyIds).toEqual([keyIdOf(keyA)]);
    const shown = inspect(ring, { depth: 5, showHidden: true }) + JSON.stringify(ring);
    expect(shown).not.toContain(keyA.toString("hex"));
    expect(shown).not.toContain(keyA.toString("base64url"));
  });

  it("refuses a value altered anywhere: IV, ciphertext, tag or key id", () => {
    const ring = new Keyring([keyA]);
    const sealed = ring.seal("stv_invite-token", CONTEXT);
    for (const part of [2, 3, 4]) {
      expect(() => ring.open(alter(sealed, part, 3), CONTEXT)).toThrow(/does not authenticate .*altered, or opened with the wrong context/);
    }
    expect(() => ring.open(sealed.replace(ring.currentKeyId, "00000000"), CONTEXT)).toThrow(/key 00000000, which this keyring does not hold/);
    expect(() => ring.open(sealed.replace(/^v1/, "v2"), CONTEXT)).toThrow(/not a sealed value/);
    expect(() => ring.open("stv_plain-token-in-the-wrong-place", CONTEXT)).toThrow(/^not a sealed value/);
  });

  it("refuses to open a value under another context than the one it was sealed with", () => {
    const ring = new Keyring([keyA]);
    const sealed = ring.seal("stv_invite-token", CONTEXT);
    expect(() => ring.open(sealed, "user.mfa_secret")).toThrow(/wrong context/);
    expect(() => ring.open(sealed)).toThrow(/wrong context/);
    expect(ring.open(ring.seal("no context"))).toBe("no context");
  });

  it("names the unknown key when a value was sealed with a key it does not hold", () => {
    const sealed = new Keyring([keyB]).seal("stv_invite-token", CONTEXT);
    expect(() => new Keyring([keyA]).open(sealed, CONTEXT)).toThrow(
      `sealed value was made with key ${keyIdOf(keyB)}, which this keyring does not hold`,
    );
  });

  it("with two keys, opens values sealed under the old one and seals with the first", () => {
    const old = new Keyring([keyA]);
    const sealedOld = old.seal("stv_old-token", CONTEXT);
    const rotated = new Keyring([keyB, keyA]);
    expect(rotated.keyIds).toEqual([keyIdOf(keyB), keyIdOf(keyA)]);
    expect(rotated.currentKeyId).toBe(keyIdOf(keyB));
    expect(rotated.open(sealedOld, CONTEXT)).toBe("stv_old-token");
    expect(rotated.needsReseal(sealedOld)).toBe(true);

    const sealedNew = rotated.seal("stv_new-token", CONTEXT);
    expect(sealedKeyId(sealedNew)).toBe(keyIdOf(keyB));
    expect(rotated.needsReseal(sealedNew)).toBe(false);
    expect(new Keyring([keyB]).open(sealedNew, CONTEXT)).toBe("stv_new-token");
    expect(() => old.open(sealedNew, CONTEXT)).toThrow(/does not hold/);
  });

  it("accepts only 32-byte keys, at least one, none twice", () => {
    expect(() => new Keyring([])).toThrow(/at least one key/);
    expect(() => new Keyring([Buffer.alloc(16)])).toThrow("key 1 is 16 bytes, not 32");
    expect(() => new Keyring([keyA, keyB, keyA])).toThrow(/key 3 is listed twice/);
  });
});
