import type { Session } from "@steward/client";
import { SURFACES } from "./audit";

/** The surfaces a person can sign in through: the API, the console, a compatibility API (not the CLI or the system). */
export const SESSION_SURFACES = SURFACES.filter(({ value }) => value !== "cli" && value !== "system");

/** Where a session signed in from, in a few words. */
export function describeSession(session: Session): string {
  return [session.ip ?? "unknown address", session.userAgent ? `“${session.userAgent}”` : null].filter(Boolean).join(", ");
}
