import type { NextRequest } from "next/server";
import { apiBaseUrl } from "@/lib/api-upstream";
import { clientAddress } from "@/lib/client-address";

/**
 * Same-origin gateway: the browser calls `/api/v1/*` on the console and this
 * handler forwards the request to `${STEWARD_API_URL}/api/v1/*`, unchanged
 * but for the hop's own headers and where the request came from: the API
 * gets one X-Forwarded-For address, the client's as the console saw it (see
 * lib/client-address.ts), never what the caller wrote there.
 *
 * It does what a `rewrites()` entry in next.config would do, but reads
 * STEWARD_API_URL on each request: next.config rewrites are frozen into
 * .next/routes-manifest.json by `next build`, so one build could not be
 * pointed at another API by `next start`. It also answers a clear 502
 * problem when the API is down instead of Next's bare 500.
 */

// Headers that describe one hop, not the request (RFC 9110 §7.6.1), plus the
// ones fetch computes itself.
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "expect",
];

function forwardedHeaders(request: NextRequest): Headers {
  const headers = new Headers(request.headers);
  for (const name of HOP_BY_HOP) headers.delete(name);
  for (const name of (request.headers.get("connection") ?? "").split(",")) {
    if (name.trim()) headers.delete(name.trim());
  }
  // Cookies belong to the console's origin, never to the API.
  headers.delete("cookie");
  // The API takes the client's address from X-Forwarded-For alone (it trusts
  // the console); other claims about it are the caller's and go no further.
  headers.delete("forwarded");
  headers.delete("x-real-ip");
  const client = clientAddress(request.headers);
  if (client) headers.set("x-forwarded-for", client);
  else headers.delete("x-forwarded-for");
  headers.set("x-forwarded-host", request.headers.get("host") ?? request.nextUrl.host);
  headers.set("x-forwarded-proto", request.nextUrl.protocol.replace(/:$/, ""));
  // The API's audit log says which changes were made in the console.
  headers.set("x-steward-client", "console");
  return headers;
}

/** How long the API has to start its answer. */
const ANSWER_TIMEOUT_MS = 30_000;

function problem(status: number, code: string, title: string, detail: string, instance: string): Response {
  return new Response(
    JSON.stringify({ type: `https://steward.dev/problems/${code.replace(/_/g, "-")}`, title, status, code, detail, instance }),
    { status, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } },
  );
}

async function forward(request: NextRequest): Promise<Response> {
  const upstream = apiBaseUrl();
  const target = `${upstream}${request.nextUrl.pathname}${request.nextUrl.search}`;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  let upstreamHeaders: Headers;
  try {
    upstreamHeaders = forwardedHeaders(request);
  } catch (error) {
    // Forwarding anyway would hand the API an address the caller chose.
    console.error("[console] not forwarding:", (error as Error).message);
    return problem(500, "internal_server_error", "Internal server error", "The console cannot tell where this request comes from.", request.nextUrl.pathname);
  }
  let response: Response;
  // The API has 30 s to answer (its status and headers); a body it then
  // streams (an import's progress, an export) takes as long as it takes.
  const body = hasBody ? await request.arrayBuffer() : undefined;
  const answered = new AbortController();
  const timeout = setTimeout(() => answered.abort(new DOMException("The API did not answer in time", "TimeoutError")), ANSWER_TIMEOUT_MS);
  try {
    response = await fetch(target, {
      method: request.method,
      headers: upstreamHeaders,
      body,
      redirect: "manual",
      cache: "no-store",
      signal: answered.signal,
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    console.error(`[console] Steward API ${timedOut ? "timed out" : "unreachable"} at ${upstream}:`, (error as Error).message);
    return timedOut
      ? problem(504, "service_unavailable", "Gateway timeout", "The Steward API did not answer in time.", request.nextUrl.pathname)
      : problem(502, "service_unavailable", "Bad gateway", "The Steward API cannot be reached right now.", request.nextUrl.pathname);
  } finally {
    clearTimeout(timeout);
  }
  const headers = new Headers(response.headers);
  // fetch has already decoded and de-chunked the body.
  for (const name of ["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"]) headers.delete(name);
  const noBody = response.status === 204 || response.status === 304 || request.method === "HEAD";
  return new Response(noBody ? null : response.body, { status: response.status, statusText: response.statusText, headers });
}

export const GET = forward;
export const HEAD = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
export const OPTIONS = forward;
