/**
 * Pleroma lists every invite. Steward answers the newest this many
 * registration invites, so the list stays one bounded query.
 */
export const PLEROMA_INVITE_LIST_LIMIT = 1000;
