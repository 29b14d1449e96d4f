/** Users per page when the request does not say (Pleroma's default). */
export const DEFAULT_PAGE_SIZE = 50;
/** The largest page served; the contract refuses a larger `page_size`. */
export const MAX_PAGE_SIZE = 500;
/**
 * Pleroma lists every invite. Steward answers the newest this many
 * registration invites, so the list stays one bounded query.
 */
export const PLEROMA_INVITE_LIST_LIMIT = 1000;
