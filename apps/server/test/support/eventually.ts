/**
 * Polls `check` every `intervalMs` (default 100) until it holds, or fails
 * naming `what` once `withinMs` has passed without it holding. Returns the
 * time it took, in milliseconds.
 *
 * For what the test cannot be told about and can only look at: a state
 * reached asynchronously by another process (a notification between
 * instances, a database coming back, load piling up answers).
 */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  { withinMs, intervalMs = 100 }: { withinMs: number; intervalMs?: number },
): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return performance.now() - started;
}
