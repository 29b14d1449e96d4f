/**
 * Runs once when the console's server starts, before it handles a request
 * (Next awaits `register` while preparing the server).
 */
export async function register(): Promise<void> {
  // Only the Node.js server has sockets; the console has no edge code.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installClientAddress } = await import("./lib/client-address");
  installClientAddress();
}
