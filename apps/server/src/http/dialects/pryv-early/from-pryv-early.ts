/** A Pryv timestamp (seconds since the epoch) as the canonical API's RFC 3339 time; null stays null. */
export function fromPryvTime<T extends number | null | undefined>(seconds: T): T extends number ? string : Exclude<T, number> {
  return (typeof seconds === "number" ? new Date(seconds * 1000).toISOString() : seconds) as never;
}

/** A token's fields in the canonical API's words: `expires` (seconds) is `expiresAt`. */
export function fromPryvEarlyToken<T extends object>(token: T & { expires?: number | null }): Omit<T, "expires"> & { expiresAt?: string | null } {
  const { expires, ...rest } = token;
  return expires === undefined ? rest : { ...rest, expiresAt: fromPryvTime(expires) };
}
