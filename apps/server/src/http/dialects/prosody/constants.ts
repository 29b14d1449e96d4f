/**
 * Prosody answers its lists whole. Steward answers at most this many items
 * (the first by name, or the newest invites) so that a list stays one
 * bounded query however many accounts exist.
 */
export const PROSODY_LIST_LIMIT = 1000;
/** Prosody's default ttl for a reset link, per its document. */
export const RESET_TTL_SECONDS = 24 * 3600;
