import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureHeader, signatureOf, verifySignature } from "../src/services/settings/notify/sign.ts";

// The signature of a settings push, and its check as a receiver makes it.
const SECRET = "a-receiver-shared-secret";
const BODY = JSON.stringify({ version: 1, revision: 7, settings: { siteName: "Steward" }, updatedAt: "2026-12-01T00:00:00.000Z", pushedAt: "2026-12-07T10:00:00.000Z" });
const T = 1_796_000_000;

describe("signing a push", () => {
  it("is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, '<t>.<body>')>", () => {
    const expected = createHmac("sha256", SECRET).update(`${T}.${BODY}`).digest("hex");
    expect(signatureOf(SECRET, T, BODY)).toBe(expected);
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${expected}`);
  });

  it("differs by secret, time and body", () => {
    const base = signatureOf(SECRET, T, BODY);
    expect(signatureOf("another-shared-secret!", T, BODY)).not.toBe(base);
    expect(signatureOf(SECRET, T + 1, BODY)).not.toBe(base);
    expect(signatureOf(SECRET, T, `${BODY} `)).not.toBe(base);
  });
});

describe("verifying a push", () => {
  const header = signatureHeader(SECRET, T, BODY);

  it("accepts the body signed, at the time it was sent and within the window either way", () => {
    expect(verifySignature(SECRET, header, BODY, T)).toBe(true);
    expect(verifySignature(SECRET, header, BODY, T + 300)).toBe(true);
    expect(verifySignature(SECRET, header, BODY, T - 300)).toBe(true);
    expect(verifySignature(SECRET, ` t=${T} , v1=${signatureOf(SECRET, T, BODY)} `, BODY, T)).toBe(true);
  });

  it("refuses a replay outside the window (default five minutes, or the one given)", () => {
    expect(verifySignature(SECRET, header, BODY, T + 301)).toBe(false);
    expect(verifySignature(SECRET, header, BODY, T - 301)).toBe(false);
    expect(verifySignature(SECRET, header, BODY, T + 61, 60)).toBe(false);
    expect(verifySignature(SECRET, header, BODY, T + 59, 60)).toBe(true);
  });

  it("refuses a tampered body, another secret, a moved timestamp", () => {
    expect(verifySignature(SECRET, header, BODY.replace('"revision":7', '"revision":8'), T)).toBe(false);
    expect(verifySignature(SECRET, header, `${BODY}\n`, T)).toBe(false);
    expect(verifySignature("another-shared-secret!", header, BODY, T)).toBe(false);
    expect(verifySignature(SECRET, header.replace(`t=${T}`, `t=${T + 1}`), BODY, T)).toBe(false);
  });

  it("refuses malformed headers rather than throwing", () => {
    const v1 = signatureOf(SECRET, T, BODY);
    for (const bad of ["", "garbage", `v1=${v1}`, `t=${T}`, `t=abc,v1=${v1}`, `t=${T},t=${T},v1=${v1}`, `t=${T},v1=${v1.slice(1)}`, `t=${T},v1=${v1.toUpperCase()}x`, `t=-${T},v1=${v1}`]) {
      expect(verifySignature(SECRET, bad, BODY, T), bad).toBe(false);
    }
  });

  it("takes any of several v1 entries (a receiver moving to a new secret)", () => {
    const other = signatureOf("another-shared-secret!", T, BODY);
    expect(verifySignature(SECRET, `t=${T},v1=${other},v1=${signatureOf(SECRET, T, BODY)}`, BODY, T)).toBe(true);
  });
});
