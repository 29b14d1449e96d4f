/** Where the canonical API is mounted; every v1 route's path starts with it. */
export const V1_PREFIX = "/api/v1";
