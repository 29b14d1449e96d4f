/** Users per page when the request does not say (the Panel's default). */
export const DEFAULT_PER_PAGE = 50;
/** The largest page served: the Panel has no limit; Steward answers at most this many (and says so in `per_page`). */
export const MAX_PER_PAGE = 500;
/** Laravel's paginator reads `per_page=0` as its model default. */
export const ZERO_PER_PAGE = 15;
/** The Panel's servers are the resources of kind `server` attached to users (clients such as jspteroapi check this list at start). */
export const SERVER_KIND = "server";
