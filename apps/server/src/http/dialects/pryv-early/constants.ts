/** The header every answer carries: the server's time, seconds since the epoch with decimals. */
export const SERVER_TIME_HEADER = "Server-Time";

/** The document's error ids, and Steward's where it names none (README "Compatibility APIs"). */
export const ERROR_IDS = {
  invalidParameters: "INVALID_PARAMETERS_FORMAT",
  invalidCredentials: "INVALID_CREDENTIALS",
  unknownToken: "UNKNOWN_TOKEN",
  unknownChannel: "UNKNOWN_CHANNEL",
  unknownBookmark: "UNKNOWN_BOOKMARK",
  wrongPassword: "WRONG_PASSWORD",
  invalidNewPassword: "INVALID_NEW_PASSWORD",
  // Steward's:
  unknownReferencedResource: "UNKNOWN_REFERENCED_RESOURCE",
  itemAlreadyExists: "ITEM_ALREADY_EXISTS",
  itemLimitReached: "ITEM_LIMIT_REACHED",
  unknownResource: "UNKNOWN_RESOURCE",
  methodNotAllowed: "METHOD_NOT_ALLOWED",
  forbidden: "FORBIDDEN",
  tooManyRequests: "TOO_MANY_REQUESTS",
  requestTooLarge: "REQUEST_TOO_LARGE",
  unsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
  unavailable: "UNAVAILABLE",
  unexpectedError: "UNEXPECTED_ERROR",
} as const;

/** Steward's reasons answered with a document id of their own; any other failure goes by its status. */
export const ID_OF_REASON: Record<string, string> = {
  bad_credentials: ERROR_IDS.invalidCredentials,
  invalid_token: ERROR_IDS.invalidCredentials,
  missing_token: ERROR_IDS.invalidCredentials,
  mfa_required: ERROR_IDS.invalidCredentials,
  invalid_mfa_code: ERROR_IDS.invalidCredentials,
  access_token_not_found: ERROR_IDS.unknownToken,
  channel_not_found: ERROR_IDS.unknownChannel,
  bookmark_not_found: ERROR_IDS.unknownBookmark,
  wrong_password: ERROR_IDS.wrongPassword,
  weak_password: ERROR_IDS.invalidNewPassword,
  common_password: ERROR_IDS.invalidNewPassword,
  unknown_channel: ERROR_IDS.unknownReferencedResource,
  channel_name_taken: ERROR_IDS.itemAlreadyExists,
  token_name_taken: ERROR_IDS.itemAlreadyExists,
  email_taken: ERROR_IDS.itemAlreadyExists,
  channel_limit_reached: ERROR_IDS.itemLimitReached,
  token_limit_reached: ERROR_IDS.itemLimitReached,
  bookmark_limit_reached: ERROR_IDS.itemLimitReached,
};

/** The id of a failure no reason names, by its status. */
export const ID_OF_STATUS: Record<number, string> = {
  400: ERROR_IDS.invalidParameters,
  401: ERROR_IDS.invalidCredentials,
  403: ERROR_IDS.forbidden,
  404: ERROR_IDS.unknownResource,
  405: ERROR_IDS.methodNotAllowed,
  413: ERROR_IDS.requestTooLarge,
  415: ERROR_IDS.unsupportedMediaType,
  429: ERROR_IDS.tooManyRequests,
  503: ERROR_IDS.unavailable,
};

/** The document has no 409, 412 or 422: a request it cannot act on is a 400 (a wrong password too). */
export const STATUS_OVERRIDES = { unprocessable_entity: 400, conflict: 400, precondition_failed: 400, gone: 404 } as const;
