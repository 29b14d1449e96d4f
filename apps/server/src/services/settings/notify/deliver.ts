import type { Clock } from "../../kernel/clock.ts";

/** What became of one POST to a target. */
export interface Delivery {
  ok: boolean;
  /** The status it answered; null when it did not answer. */
  httpStatus: number | null;
  /** Why it failed, in a few words; null on success. Never a header or the body sent. */
  error: string | null;
  durationMs: number;
}

export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The longest the whole exchange may take, connection to status line. */
  timeoutMs: number;
}

/**
 * POSTs `body` to `url` once: a 2xx answer is a success, anything else a
 * failure with its status; a redirect is not followed (`redirect: manual`),
 * a timeout or a network error is a failure without one. The answer's body
 * is not read. Time comes from `clock` (its timer aborts the request).
 */
export async function deliver(clock: Clock, request: DeliveryRequest): Promise<Delivery> {
  const started = clock.now().getTime();
  const elapsed = () => Math.max(0, Math.round(clock.now().getTime() - started));
  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.after(request.timeoutMs, () => {
    timedOut = true;
    controller.abort();
  });
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: controller.signal,
    });
    const status = response.status;
    // The receiver's answer is not read: drop it, and with it the connection's hold on it.
    await response.body?.cancel().catch(() => {});
    if (status >= 200 && status < 300) return { ok: true, httpStatus: status, error: null, durationMs: elapsed() };
    const error = status >= 300 && status < 400 ? `redirect not followed (${status})` : `HTTP ${status}`;
    return { ok: false, httpStatus: status, error, durationMs: elapsed() };
  } catch (error) {
    const reason = timedOut ? `timed out after ${request.timeoutMs} ms` : networkReason(error);
    return { ok: false, httpStatus: null, error: reason, durationMs: elapsed() };
  } finally {
    timer.cancel();
  }
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found (DNS lookup failed)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed before an answer",
  UND_ERR_HEADERS_OVERFLOW: "answer headers too large",
};

/** A network failure in a few words, from its code (undici puts it on `cause`); never the request. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const code = typeof (cause as { code?: unknown } | null)?.code === "string" ? (cause as { code: string }).code : undefined;
  if (code && NETWORK_REASONS[code]) return NETWORK_REASONS[code]!;
  // The fetch standard's blocked ports (25, 6000, ...): refused before any connection.
  if ((cause as { message?: unknown } | null)?.message === "bad port") return "port blocked by the HTTP client (fetch's bad ports)";
  if (code && /CERT|TLS|SSL/i.test(code)) return `TLS error (${code})`;
  return code ? `network error (${code})` : "network error";
}
