import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/**
 * Which address a request to the console comes from.
 *
 * Next gives a route handler no client address (NextRequest.ip is gone since
 * Next 15), and `next start` fills X-Forwarded-For with the socket's address
 * only when the request has none (`??=` in next/dist/server/base-server.js):
 * a handler cannot tell a browser's X-Forwarded-For from Next's. So the
 * console decides before Next sees the request. Node publishes every request
 * on the `http.server.request.start` diagnostics channel, with its socket,
 * before the server's 'request' listener (Next) runs; there the console
 * rewrites X-Forwarded-For to one address, the client's:
 *
 * - the socket's address, unless STEWARD_CONSOLE_TRUST_PROXY trusts it;
 * - when it does, the nearest address in X-Forwarded-For that the trusted
 *   proxies did not vouch for (the rules of Express' `trust proxy`, the same
 *   as the API's STEWARD_TRUST_PROXY).
 *
 * The other forwarding headers are dropped when the socket is not a trusted
 * proxy, so nothing a caller writes about where it comes from goes further.
 */

type Trust = (address: string, hop: number) => boolean;

const INSTALLED = Symbol.for("steward.console.client-address");
const FORWARDING_HEADERS = ["forwarded", "x-real-ip", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"];

/**
 * STEWARD_CONSOLE_TRUST_PROXY: empty or `false` trusts no proxy; otherwise a
 * comma-separated list of addresses, CIDR ranges and the names `loopback`,
 * `linklocal`, `uniquelocal`. `true` and hop counts are refused: they would
 * trust whatever the caller claims.
 */
function parseTrustProxy(value: string | undefined): Trust | null {
  const setting = (value ?? "").trim();
  if (setting === "" || setting === "false") return null;
  if (setting === "true" || /^\d+$/.test(setting)) {
    throw new Error(
      `STEWARD_CONSOLE_TRUST_PROXY=${setting} would trust any caller's X-Forwarded-For; list the proxies' addresses or ranges (e.g. "loopback" or "10.0.0.0/8")`,
    );
  }
  const entries = setting.split(",").map((entry) => entry.trim()).filter(Boolean);
  try {
    return proxyaddr.compile(entries);
  } catch (error) {
    throw new Error(`STEWARD_CONSOLE_TRUST_PROXY: ${(error as Error).message}`);
  }
}

/** Runs for each request as it arrives, before Next: rewrites its forwarding headers as described above. */
function settleClientAddress(request: IncomingMessage, trust: Trust | null): void {
  const peer = request.socket.remoteAddress;
  const peerIsTrustedProxy = trust !== null && peer !== undefined && trust(peer, 0);
  if (!peerIsTrustedProxy) {
    for (const name of FORWARDING_HEADERS) delete request.headers[name];
  }
  const client = peerIsTrustedProxy ? proxyaddr(request, trust) : peer;
  if (client) request.headers["x-forwarded-for"] = client;
  else delete request.headers["x-forwarded-for"];
}

/**
 * Called once at server start (instrumentation.ts). A bad
 * STEWARD_CONSOLE_TRUST_PROXY ends the process: Next would otherwise stay up
 * and answer every request with a bare 500.
 */
export function installClientAddress(env: NodeJS.ProcessEnv = process.env): void {
  const state = globalThis as { [INSTALLED]?: boolean };
  if (state[INSTALLED]) return;
  let trust: Trust | null;
  try {
    trust = parseTrustProxy(env.STEWARD_CONSOLE_TRUST_PROXY);
  } catch (error) {
    console.error(`[console] ${(error as Error).message}`);
    process.exit(1);
  }
  subscribe("http.server.request.start", (message) => {
    settleClientAddress((message as { request: IncomingMessage }).request, trust);
  });
  state[INSTALLED] = true;
}

/**
 * The client's address, as settled when the request arrived (X-Forwarded-For
 * holds exactly that, and nothing else, once installClientAddress has run).
 * Throws when it has not run: then the header would be the caller's own.
 */
export function clientAddress(headers: Headers): string | null {
  if (!(globalThis as { [INSTALLED]?: boolean })[INSTALLED]) {
    throw new Error("the client-address hook is not installed (instrumentation.ts did not run)");
  }
  return headers.get("x-forwarded-for");
}
