/**
 * Every `reason` a problem can carry: the stable, machine-readable cause
 * within its `code` (`ProblemSchema.reason`). Switch on these, never on
 * `detail`. Grouped by the status they come with (a few come with two).
 *
 * The server's test/error-reasons.test.ts reads the server's source and fails
 * when a reason it can answer is missing here, or one listed here is no longer
 * answered: the `ErrorReason` union cannot drift from the server.
 */
export const ERROR_REASONS = {
  // 400 bad_request
  app_id_required: "This session was not opened for an app: name the app (`appId`).",
  invalid_app_id: "The app id has no letter or digit, or is too long once made URL-friendly.",
  invalid_channel: "A channel's name, color or client data is not valid.",
  invalid_cursor: "The cursor is not one a page listed with the same sort gave.",
  invalid_hash_parameters: "The password hash parameters given with an import (Steward-Scrypt-Parameters, a hashParameters line) cannot be read.",
  invalid_idempotency_key: "The Idempotency-Key header is not 1 to 255 printable ASCII characters.",
  invalid_name: "A name a mail greets someone by is not one line of plain text.",
  invalid_notify_secret: "A notify target's secret is too short or not plain text.",
  invalid_notify_target_name: "A notify target's name is not a valid slug.",
  invalid_params: "The query or path parameters cannot be read (nested, repeated or malformed).",
  invalid_relay_url: "The relay URL is not a valid http or https URL.",
  invalid_request: "The request does not fit the API's schema; the field errors say where.",
  invalid_role_name: "The role name is not valid.",
  malformed_body: "The body cannot be parsed, or decoded as its Content-Encoding says.",
  malformed_path: "The path holds percent-encoding that is not UTF-8 text.",
  malformed_request: "The request is malformed in some other way.",
  no_permissions: "An operator must hold at least one permission.",
  not_a_session: "Only a login session can sign out; revoke API keys instead.",
  username_immutable: "The username cannot be changed.",

  // 401 unauthorized (invalid_mfa_code: 422 when checked outside sign-in)
  bad_credentials: "Wrong username or password.",
  invalid_mfa_code: "The two-factor code is wrong, or was used already.",
  invalid_token: "The token is unknown, expired or revoked.",
  mfa_required: "The account signs in with a second factor: send the authenticator's code or a recovery code.",
  missing_token: "No token was sent: sign in, or send an API key as `Authorization: Bearer <token>`.",

  // 403 forbidden
  key_outlives_parent: "A key made with an expiring key must expire no later than it does.",
  missing_permission: "The caller lacks a permission this needs.",
  missing_role: "This API is only for users holding a given role.",
  no_key_owner: "An API key must belong to a user: sign in as one to make it.",
  permission_not_held: "Nobody gives more than they hold: the caller lacks a permission being granted.",
  registration_closed: "Registration is closed on this platform.",
  registration_invite_only: "This platform registers new accounts by invitation only.",
  self_admin_revoke: "Nobody revokes their own admin role; another administrator must.",
  session_required: "This is done from a login session, not with an API key.",
  target_outranks_caller: "The target account holds permissions the caller does not hold.",

  // 404 not_found
  access_token_not_found: "No shared access token of yours has that id.",
  api_key_not_found: "No API key has that id.",
  bookmark_not_found: "No bookmark of yours has that id.",
  channel_not_found: "No channel of yours has that id.",
  group_not_found: "No group has that id.",
  invite_not_found: "No invite has that id, or no invitation that token.",
  message_not_found: "No outbox message has that id.",
  notify_target_not_found: "No notify target has that id.",
  operator_not_found: "No operator (a user holding a permission) has that id.",
  permission_group_not_found: "No such permission group (the Pleroma API's word for a role).",
  relay_not_found: "No followed relay has that id.",
  resource_not_found: "No resource attached to that user has that id.",
  role_not_found: "No role has that id or name.",
  session_not_found: "That user has no session with that id.",
  user_not_found: "No user has that id, name or address.",

  // 405 method_not_allowed
  method_not_allowed: "The path does not take this method; the `Allow` header lists those it takes.",

  // 409 conflict
  bookmark_limit_reached: "The account holds the most bookmarks allowed.",
  built_in_role: "A built-in role cannot be changed or deleted.",
  channel_limit_reached: "The account holds the most channels allowed.",
  channel_name_taken: "You have a channel by that name already (perhaps in the trash).",
  email_taken: "Another user already has this email address.",
  external_id_taken: "Another user already has this external id.",
  idempotency_key_in_use: "The first request with this Idempotency-Key is still running; retry after Retry-After.",
  last_admin: "This would leave no active administrator.",
  mfa_already_enabled: "Two-factor sign-in is on already; turn it off first to enrol again.",
  mfa_enrolment_not_started: "Start a two-factor enrolment before confirming one.",
  mfa_not_enabled: "Two-factor sign-in is not on for this account.",
  not_failed: "Only a failed outbox message can be retried.",
  notify_target_name_taken: "A notify target with that name already exists.",
  relay_busy: "The relay is being followed and unfollowed at the same time; retry.",
  resource_attached_elsewhere: "The resource is attached to another user; detach it there first.",
  resource_busy: "The resource is being attached and detached at the same time; retry.",
  resources_attached: "The user still has resources attached; detach them (or ask to) before deleting.",
  role_in_use: "The role is still held by users; revoke it first.",
  role_name_taken: "A role with that name already exists.",
  self_deactivation: "Nobody deactivates themselves.",
  settings_migration_pending: "Apply the pending settings migrations first.",
  token_limit_reached: "The account holds the most tokens of that kind allowed.",
  token_name_taken: "You have a shared access token by that name already.",
  unique_clash: "Something unique (a username, email, external id or name) is taken already.",
  username_taken: "An account already has this username.",

  // 410 gone
  invite_expired: "The invitation has expired.",
  invite_revoked: "The invitation was revoked.",
  invite_used: "The invitation has been used up.",
  invite_void: "Whoever made the invitation can no longer give what it grants; ask for a new one.",

  // 412 precondition_failed
  etag_mismatch: "The user changed since it was read (If-Match); read it again and retry.",
  settings_changed: "The settings changed since they were read (If-Match); read them again and retry.",

  // 413 payload_too_large
  body_too_large: "The body is larger than the server accepts.",

  // 415 unsupported_media_type
  unsupported_encoding: "The body's charset or encoding is not supported.",
  unsupported_import_type: "An import's body is sent as application/x-ndjson or text/csv.",

  // 422 unprocessable_entity
  common_password: "The password is on a list of common or breached passwords.",
  duplicate_channel: "The same channel is named twice in a token's permissions.",
  endless_reset: "A reset invite always expires.",
  expiry_in_past: "The expiry given is not in the future.",
  group_required: "A group invite needs groupIds, newGroup or both.",
  invalid_import_header: "A CSV import's header row names a column twice, an unknown column, or no username column.",
  idempotency_key_reused: "This Idempotency-Key was sent with another request; use a new key for a new request.",
  invalid_bookmark_url: "The bookmark URL is not a valid http or https URL.",
  invalid_expiry: "The invite's expiresAt is in the past, or beyond the longest lifetime allowed.",
  invalid_for_kind: "A field does not apply to this kind of invite.",
  invalid_max_uses: "An invite's number of uses must be a whole number, at least 1.",
  invalid_notify_url: "The notify target's URL is not one Steward may post to.",
  invalid_settings: "The settings document has problems; the field errors say which.",
  invalid_ttl: "The invite's ttlSeconds is not positive, or beyond the longest lifetime allowed.",
  invalid_username: "The username may only hold letters, digits, dot, dash and underscore.",
  max_uses_requires_reusable: "Only a reusable invite has a number of uses.",
  no_email: "The user has no email address to send the mail to.",
  notify_target_disabled: "A notify target named is disabled; nothing was pushed.",
  self_follow: "A user cannot follow themselves.",
  setup_link_needs_email: "A setup link is mailed: the new user needs an email address.",
  setup_link_with_password: "A new user gets a password or a setup link, not both.",
  settings_migration_failed: "A settings migration failed; none was applied.",
  target_username_required: "A reset invite names the account it resets.",
  ttl_and_expiry: "Give an invite ttlSeconds or expiresAt, not both.",
  unknown_channel: "No channel of yours has an id a token's permission names.",
  unknown_notify_target: "No notify target has a name given; nothing was pushed.",
  unknown_permission: "A permission named is not in the vocabulary.",
  unknown_role: "A role named does not exist.",
  username_mismatch: "The invitation is for another username.",
  username_required: "Choose a username to redeem this invitation.",
  weak_password: "The password is shorter or longer than the settings allow.",
  wrong_password: "That is not your current password.",

  // An import's row errors (in its summary, `errors[].reason`, besides the 409 and 422 reasons above a row can meet)
  ambiguous_group: "Several groups have the name a row gives: the import cannot tell which one is meant.",
  batch_failed: "The database refused the row's batch: none of its rows was written.",
  duplicate_in_import: "An earlier row of the same import has this username, email or external id.",
  import_interrupted: "The body broke off before its end: the import stopped there.",
  invalid_field: "A field of the row does not fit the schema of a user to import.",
  line_too_long: "The line (or CSV record) is longer than an import reads.",
  malformed_line: "The line is not a JSON object (NDJSON), or not a well-formed CSV record.",
  missing_hash_parameters: "A Firebase scrypt hash came without its salt or the project's parameters.",
  unknown_group: "No group has the name a row gives (and createGroups is not set).",
  unknown_hash_format: "The password hash is in no format Steward can check.",

  // 429 rate_limit_exceeded
  login_rate_limited: "Too many sign-in attempts; wait for Retry-After.",
  redeem_rate_limited: "Too many invitation attempts from this address; wait for Retry-After.",
  registration_rate_limited: "Too many sign-up attempts from this address; wait for Retry-After.",

  // 500 internal_server_error
  settings_unreadable: "The stored settings document does not fit its schema.",

  // 503 service_unavailable, with Retry-After (write_conflict and database_busy wrote nothing: send the same request again)
  database_busy: "The database is too busy right now; retry shortly.",
  database_unavailable: "The database is unreachable right now; retry shortly.",
  write_conflict: "Too many changes to the same data at once; retry shortly.",
} as const satisfies Record<string, string>;

/** A known `reason` of a problem (see ERROR_REASONS). */
export type ErrorReason = keyof typeof ERROR_REASONS;
