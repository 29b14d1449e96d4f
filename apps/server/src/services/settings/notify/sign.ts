import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signing a push, and checking one as a receiver would (pure: no clock,
 * no I/O). The header reads `t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<body>")>`: the timestamp is signed with the body, so a captured push
 * cannot be replayed outside the receiver's window, nor its body changed.
 */

/** How far, in seconds, a receiver accepts a push's timestamp from its own time by default: five minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `<timestamp>.<body>` under `secret`. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The `Steward-Signature` header of `body` sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/**
 * Whether `header` (a `Steward-Signature` value) signs exactly `body` (the
 * raw text received) with `secret`, at a time within `toleranceSeconds` of
 * `nowSeconds` (either way). Any `v1=` entry may match; the comparison takes
 * the same time whatever the signatures hold.
 */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): boolean {
  const parts = header.split(",").map((part) => part.trim().split("="));
  const timestamps = parts.filter(([key]) => key === "t").map(([, value]) => value ?? "");
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!)) return false;
  const t = Number(timestamps[0]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, t, body), "hex");
  return parts
    .filter(([key, value]) => key === "v1" && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value!, "hex"), expected));
}
