/** Where the Steward API runs, read at request time (not frozen at build time). */
export function apiBaseUrl(): string {
  return (process.env.STEWARD_API_URL || "http://127.0.0.1:4000").replace(/\/+$/, "");
}
