import { StewardClient } from "@steward/client";

/**
 * The console keeps its session token in `sessionStorage`, on purpose:
 * - it is sent only when the SDK adds it as a Bearer header, never
 *   automatically by the browser, so there is no cross-site request forgery
 *   to defend against (a cookie would be sent with every request);
 * - it lives as long as the tab: closing the tab signs the operator out on
 *   that machine, and other tabs or browser restarts do not inherit it;
 * - the cost is that page scripts can read it, so an XSS would expose it.
 *   The console renders API data only as React text (no raw HTML), and
 *   sessions expire and can be revoked on the server.
 * An httpOnly cookie would need a server-side session layer in the console;
 * the console instead talks to the API directly through the SDK.
 */
const STORAGE_KEY = "steward.console.session";

export interface StoredSession {
  token: string;
  expiresAt: string;
  username: string;
}

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

export function readSession(): StoredSession | null {
  const raw = storage()?.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as StoredSession;
    if (!session.token || (session.expiresAt && Date.parse(session.expiresAt) <= Date.now())) {
      clearSession();
      return null;
    }
    return session;
  } catch {
    clearSession();
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  storage()?.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  storage()?.removeItem(STORAGE_KEY);
}

/** Where to go after signing in: only paths inside the console. */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/login")) return "/users";
  return value;
}

let redirecting = false;

/**
 * Forgets the session and loads the sign-in page afresh (nothing of the
 * session stays in memory). After an expiry (a 401), it comes back here
 * once signed in again; after a sign-out, it says so.
 */
function leaveForLogin(reason: "expired" | "signed-out"): void {
  clearSession();
  const here = window.location.pathname + window.location.search;
  const params = new URLSearchParams({ reason });
  if (reason === "expired" && !here.startsWith("/login")) params.set("next", here);
  window.location.assign(`/login?${params}`);
}

/** A 401 to a signed-in call: the session is over. The first way out wins (see signOutAndLeave). */
export function goToLogin(): void {
  if (typeof window === "undefined" || redirecting) return;
  redirecting = true;
  leaveForLogin("expired");
}

/**
 * Signs out: the session ends on the server, then here. The sign-out owns
 * the way to the sign-in page from its first moment, so a call in flight
 * that the ended session gets answered 401 cannot turn it into an expiry.
 */
export async function signOutAndLeave(client: StewardClient | null): Promise<void> {
  if (redirecting) return;
  redirecting = true;
  try {
    await client?.logout();
  } catch {
    // The session may already be gone on the server; forget it here anyway.
  }
  leaveForLogin("signed-out");
}

/**
 * An SDK client for the browser. The API is reached same-origin: the console
 * forwards `/api/v1/*` to the Steward server (see app/api/v1/[...path]/route.ts).
 * Any 401 answered to a signed-in call ends the session and goes to /login.
 */
export function createBrowserClient(token?: string): StewardClient {
  const guardedFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (response.status === 401 && token && !url.includes("/api/v1/auth/login")) goToLogin();
    return response;
  };
  return new StewardClient({ baseUrl: window.location.origin, token, fetch: guardedFetch });
}
