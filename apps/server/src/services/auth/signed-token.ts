import { SignJWT, decodeProtectedHeader, jwtVerify } from "jose";
import type { Keyring } from "../kernel/keyring.ts";

/**
 * Session tokens some clients expect as JWTs (Pryv's admin API). Signed
 * with HMAC-SHA256 under a key derived from the keyring for this purpose
 * alone, named by `kid` so a rotated keyring still verifies tokens made
 * before. The algorithm is pinned: a token claiming any other (`none`
 * included) is refused before its signature is looked at. A signed token
 * is a session like any other: `sid` names it, and it works only while the
 * session is live (authenticate.ts), so signing out ends it.
 */
const PURPOSE = "session-jwt";
const ALGORITHM = "HS256";

/** What distinguishes a signed token from Steward's opaque ones (`sts_…`): a JWT's compact form. */
export const looksSigned = (token: string) => /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);

export interface SignedTokenClaims {
  sessionId: string;
  userId: string;
  username: string;
  issuedAt: Date;
  expiresAt: Date;
  /** More claims a surface's clients read (Pryv's `permissions`). */
  extra?: Record<string, unknown>;
}

export async function signSessionToken(keyring: Keyring, claims: SignedTokenClaims): Promise<string> {
  const keyId = keyring.currentKeyId;
  return new SignJWT({ ...claims.extra, username: claims.username, sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT", kid: keyId })
    .setSubject(claims.userId)
    .setIssuedAt(Math.floor(claims.issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
    .sign(keyring.derivedKey(PURPOSE, keyId)!);
}

/** True when the token is a JWT this keyring signed, with the pinned algorithm, not expired at `now`. */
export async function verifySessionToken(keyring: Keyring, token: string, now: Date): Promise<boolean> {
  try {
    const { alg, kid } = decodeProtectedHeader(token);
    const key = alg === ALGORITHM && typeof kid === "string" ? keyring.derivedKey(PURPOSE, kid) : undefined;
    if (!key) return false;
    const { payload } = await jwtVerify(token, key, { algorithms: [ALGORITHM], currentDate: now });
    return typeof payload.sid === "string";
  } catch {
    return false;
  }
}
