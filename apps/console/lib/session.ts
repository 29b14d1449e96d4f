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

/** True once a 401 has sent the browser back to the sign-in page. */
export function isRedirectingToLogin(): boolean {
  return redirecting;
}

/** Forgets the session and goes to the sign-in page, coming back here afterwards. */
export function goToLogin(reason: "expired" | "signed-out" = "expired"): void {
  if (typeof window === "undefined" || redirecting) return;
  redirecting = true;
  clearSession();
  const here = window.location.pathname + window.location.search;
  const params = new URLSearchParams();
  if (reason === "expired") {
    params.set("reason", "expired");
    if (!here.startsWith("/login")) params.set("next", here);
  }
  const query = params.toString();
  window.location.assign(`/login${query ? `?${query}` : ""}`);
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
    if (response.status === 401 && token && !url.includes("/api/v1/auth/login")) goToLogin("expired");
    return response;
  };
  return new StewardClient({ baseUrl: window.location.origin, token, fetch: guardedFetch });
}
