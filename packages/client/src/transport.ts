import type { ErrorReason } from "@steward/contracts/v1";
import { StewardTimeoutError } from "./errors.js";
import { parseRetryAfter } from "./retry-after.js";

/**
 * Retrying answers 429 (rate limited) and 503 (unavailable: the database busy
 * or unreachable), and, for a request with an idempotency key, 409
 * `idempotency_key_in_use` (the first request with that key still running).
 */
export interface RetryOptions {
  /** How many times a request is sent again, at most; default 2. */
  retries?: number;
  /**
   * The longest wait before a retry, in ms; default 10 000. When the answer's
   * `Retry-After` asks for a longer wait, the request is not retried: the
   * answer is thrown (a `StewardError` with `retryAfterSeconds`).
   */
  maxDelayMs?: number;
}

/** What any call takes as its last argument. */
export interface RequestOptions {
  /** Aborts the call (every attempt, and the waits between them); it rejects with the signal's reason. */
  signal?: AbortSignal;
  /** This call's time limit per attempt, in ms, instead of the client's `timeout`; 0 for none. */
  timeout?: number;
  /** This call's retry policy instead of the client's `retry`; `false` never to retry it. */
  retry?: boolean | RetryOptions;
}

/** What a POST takes: an idempotency key besides. */
export interface PostOptions extends RequestOptions {
  /**
   * Sent as the `Idempotency-Key` header: the server answers a repeat of the
   * request with the same key with the first result, instead of doing it
   * twice. It also makes the POST safe to retry, so the client's `retry`
   * applies to it (without a key a POST is never retried).
   */
  idempotencyKey?: string;
}

/** Methods that may be sent again without doing the work twice (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRIED_STATUSES = new Set([429, 503]);
const DEFAULT_RETRY: Required<RetryOptions> = { retries: 2, maxDelayMs: 10_000 };
/** The first wait when the answer says nothing (no `Retry-After`), doubled at each retry, less up to half by chance. */
const BACKOFF_BASE_MS = 500;

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface Transport {
  fetch: typeof fetch;
  /** The client's default time limit per attempt, in ms (undefined or 0: none). */
  timeout: number | undefined;
  retry: boolean | RetryOptions | undefined;
}

function retryPolicy(retry: boolean | RetryOptions | undefined): Required<RetryOptions> | null {
  if (!retry) return null;
  if (retry === true) return DEFAULT_RETRY;
  return {
    retries: Math.max(0, Math.floor(retry.retries ?? DEFAULT_RETRY.retries)),
    maxDelayMs: Math.max(0, retry.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
  };
}

/** An answer that may change when the same request is sent again a little later. */
function retriable(answer: Answer, options: PostOptions): boolean {
  if (RETRIED_STATUSES.has(answer.status)) return true;
  // The first request with this key is still running: its result will be answered to a retry.
  const reason: ErrorReason = "idempotency_key_in_use";
  return (
    answer.status === 409 &&
    options.idempotencyKey !== undefined &&
    typeof answer.body === "object" &&
    answer.body !== null &&
    (answer.body as { reason?: unknown }).reason === reason
  );
}

/** How long to wait before retry number `attempt + 1`, or null when the answer asks for longer than the cap. */
function retryDelay(headers: Headers, attempt: number, maxDelayMs: number): number | null {
  const asked = parseRetryAfter(headers.get("retry-after"));
  if (asked !== undefined) return asked <= maxDelayMs ? asked : null;
  const backoff = BACKOFF_BASE_MS * 2 ** attempt;
  return Math.min(maxDelayMs, backoff / 2 + Math.random() * (backoff / 2));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

async function read(response: Response): Promise<Answer> {
  const type = response.headers.get("content-type") ?? "";
  const text = await response.text();
  const body = type.includes("json") && text ? JSON.parse(text) : text || undefined;
  return { status: response.status, body, headers: response.headers };
}

/** One attempt: the request and its whole answer, within the time limit and the caller's signal. */
async function attempt(transport: Transport, url: string, init: RequestInit, signal: AbortSignal | undefined, timeoutMs: number): Promise<Answer> {
  signal?.throwIfAborted();
  // Called unbound, as fetch is: a browser's refuses any other `this`.
  const doFetch = transport.fetch;
  if (!(timeoutMs > 0)) return read(await doFetch(url, { ...init, signal }));
  // One signal for both: the caller's abort, or the time limit.
  const controller = new AbortController();
  const timedOut = new StewardTimeoutError(timeoutMs, init.method ?? "GET", url);
  const timer = setTimeout(() => controller.abort(timedOut), timeoutMs);
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await read(await doFetch(url, { ...init, signal: controller.signal }));
  } catch (error) {
    // A fetch may reject with its own AbortError rather than the reason given.
    if (controller.signal.reason === timedOut) throw timedOut;
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Sends a request: with the time limit per attempt, and sent again on 429/503
 * when retries are on and the request is safe to repeat (an idempotent
 * method, or a POST with an idempotency key).
 */
export async function send(
  transport: Transport,
  url: string,
  init: RequestInit & { method: string; headers: Record<string, string> },
  options: PostOptions = {},
): Promise<Answer> {
  const headers = { ...init.headers };
  if (options.idempotencyKey !== undefined) headers["idempotency-key"] = options.idempotencyKey;
  const request = { ...init, headers };
  const policy = retryPolicy(options.retry ?? transport.retry);
  const repeatable = IDEMPOTENT_METHODS.has(init.method.toUpperCase()) || options.idempotencyKey !== undefined;
  const timeoutMs = options.timeout ?? transport.timeout ?? 0;
  for (let tries = 0; ; tries++) {
    const answer = await attempt(transport, url, request, options.signal, timeoutMs);
    if (!policy || !repeatable || tries >= policy.retries || !retriable(answer, options)) return answer;
    const wait = retryDelay(answer.headers, tries, policy.maxDelayMs);
    if (wait === null) return answer;
    await sleep(wait, options.signal);
  }
}
