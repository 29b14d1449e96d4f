import { initClient, type ApiFetcherArgs } from "@ts-rest/core";
import {
  v1Contract,
  type AccessTokenIntrospection,
  type ApiKey,
  type AppToken,
  type AppTokenWithSecret,
  type AttachedResource,
  type Bookmark,
  type Channel,
  type CreatedSharedAccessToken,
  type DeletedChannel,
  type SharedAccessToken,
  type BulkTagsResult,
  type AuditEvent,
  type Follow,
  type Group,
  type GroupMember,
  type Invitation,
  type Invite,
  type MfaEnrolment,
  type MfaStatus,
  type CreatedNotifyTarget,
  type NotifyPush,
  type NotifyTarget,
  type Operator,
  type OutboxMessage,
  type Page,
  type PlatformSettings,
  type PushResult,
  type QueuedMail,
  type RecoveryCodes,
  type OwnSession,
  type PasswordChanged,
  type Redemption,
  type RegistrationInfo,
  type SignedUp,
  type Relay,
  type Role,
  type ServerInfo,
  type Session,
  type SessionWithUser,
  type SettingsDocument,
  type SettingsMigration,
  type UpdatedNotifyTarget,
  type User,
  type ExportedUser,
  type ImportSummary,
} from "@steward/contracts/v1";
import type { z } from "zod";
import type {
  UserSort,
  AttachResourceSchema,
  CreateApiKeySchema,
  CreateGroupSchema,
  CreateInviteSchema,
  CreateNotifyTargetSchema,
  CreateOperatorSchema,
  CreateRoleSchema,
  CreateUserSchema,
  CreatedApiKeySchema,
  ListFollowsQuerySchema,
  ListAuditEventsQuerySchema,
  ListAllSessionsQuerySchema,
  ListGroupMembersQuerySchema,
  ListGroupsQuerySchema,
  ListInvitesQuerySchema,
  ListNotifyPushesQuerySchema,
  ListOperatorsQuerySchema,
  ListOutboxQuerySchema,
  ListResourcesQuerySchema,
  ListUsersQuerySchema,
  LoginResultSchema,
  MeSchema,
  UpdateGroupSchema,
  UpdateNotifyTargetSchema,
  UpdateRoleSchema,
  RedeemInvitationSchema,
  SignUpSchema,
  UpdateOwnProfileSchema,
  ListOwnSessionsQuerySchema,
  ListChannelsQuerySchema,
  CreateChannelSchema,
  UpdateChannelSchema,
  CreateSharedAccessTokenSchema,
  UpdateSharedAccessTokenSchema,
  CreateBookmarkSchema,
  UpdateBookmarkSchema,
  SendInviteEmailSchema,
  UpdateUserSchema,
} from "@steward/contracts/v1";
import { exportUsers, importUsers, type BulkTransport, type ExportUsersOptions, type ImportSource, type ImportUsersOptions } from "./bulk.js";
import { StewardError } from "./errors.js";
import { send, type PostOptions, type RequestOptions, type RetryOptions, type Transport } from "./transport.js";

export type { PostOptions, RequestOptions, RetryOptions };
export type { ExportUsersOptions, ImportSource, ImportUsersOptions };

export interface StewardClientOptions {
  /** Where Steward runs, e.g. `http://localhost:4000` (no `/api/v1`). */
  baseUrl: string;
  /** A session token from `login`, or an API key. */
  token?: string;
  /** A fetch implementation; defaults to the global one. */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Each request's time limit in ms, from sending it to the end of its answer
   * (each attempt, when retried); past it the request is aborted and the call
   * rejects with a `StewardTimeoutError`. Default: none. A call can set its own
   * (`{ timeout }` in its last argument).
   */
  timeout?: number;
  /**
   * Retries of answers 429 and 503 (and 409 `idempotency_key_in_use` to a
   * request with an idempotency key), off by default: `true` for 2 retries
   * waiting at most 10 s, or `{ retries, maxDelayMs }`. A retry waits what the
   * answer's `Retry-After` asks (seconds or an HTTP date), or else backs off
   * (0.5 s, 1 s, 2 s, … up to `maxDelayMs`); an answer asking for longer than
   * `maxDelayMs` is thrown at once. Only requests safe to repeat are retried:
   * GET, PUT, DELETE, and POSTs sent with an `idempotencyKey`.
   */
  retry?: boolean | RetryOptions;
}

type Input<T extends z.ZodTypeAny> = z.input<T>;
/** How `users.list` can sort: a field, `-` in front for descending. */
export type { UserSort };
export type ListUsersOptions = Omit<Partial<Input<typeof ListUsersQuerySchema>>, "tag" | "role" | "local" | "sort"> & {
  /** Only users holding all these tags. */
  tag?: string | string[];
  /** Only users holding all these roles. */
  role?: string | string[];
  /** `true` for local accounts only, `false` for remote ones only. */
  local?: boolean | "true" | "false";
  /** Default `-createdAt` (newest first). */
  sort?: UserSort;
};
export interface ListApiKeysOptions {
  limit?: number;
  cursor?: string;
  /** Also list revoked keys. */
  includeRevoked?: boolean | "true" | "false";
}
export interface ListSessionsOptions {
  limit?: number;
  cursor?: string;
}
export type ListAuditEventsOptions = Partial<Input<typeof ListAuditEventsQuerySchema>>;
/** Filters of the realm-wide session list: by user id, by surface. */
export type ListAllSessionsOptions = Partial<Input<typeof ListAllSessionsQuerySchema>>;
/** `q` searches the name; `sort` is `name` (default), `-name`, `createdAt` or `-createdAt`. */
export type ListGroupsOptions = Partial<Input<typeof ListGroupsQuerySchema>>;
export type ListGroupMembersOptions = Partial<Input<typeof ListGroupMembersQuerySchema>>;
/** Follows are listed by username: `limit` (1-200) and `cursor`. */
export type ListFollowsOptions = Partial<Input<typeof ListFollowsQuerySchema>>;
export type CreateGroupInput = Input<typeof CreateGroupSchema>;
export type CreateRoleInput = Input<typeof CreateRoleSchema>;
/** `q` (part of the username, email or names), `limit` (1-200), `cursor`. */
export type ListOperatorsOptions = Partial<Input<typeof ListOperatorsQuerySchema>>;
export type CreateOperatorInput = Input<typeof CreateOperatorSchema>;
export interface SettingsWriteOptions extends RequestOptions {
  /**
   * The revision read: the ETag (`"7"`) or the document's `revision` (7).
   * The change is refused (412 `settings_changed`) if the settings changed since.
   */
  ifMatch?: string | number;
}
export type UpdateRoleInput = Input<typeof UpdateRoleSchema>;
/** A notify target: `name` (a slug), `url` (http or https), `secret` (16+ characters; generated when left out), `enabled`. */
export type CreateNotifyTargetInput = Input<typeof CreateNotifyTargetSchema>;
export type UpdateNotifyTargetInput = Input<typeof UpdateNotifyTargetSchema>;
/** `target` (a target's name), `limit` (1-200), `cursor`. */
export type ListNotifyPushesOptions = Partial<Input<typeof ListNotifyPushesQuerySchema>>;
export type UpdateGroupInput = Input<typeof UpdateGroupSchema>;
/** Default: pending invites only; `state: "all"` for every one. */
export type ListInvitesOptions = Partial<Input<typeof ListInvitesQuerySchema>>;
export type CreateInviteInput = Input<typeof CreateInviteSchema>;
export type RedeemInvitationInput = Input<typeof RedeemInvitationSchema>;
/** Your own profile's fields: `email`, `displayName`, `firstName`, `lastName`, `language`, `phone`. */
export type UpdateOwnProfileInput = Input<typeof UpdateOwnProfileSchema>;
/** `limit` (1-200), `cursor`. */
export type ListOwnSessionsOptions = Partial<Input<typeof ListOwnSessionsQuerySchema>>;
/** `state` (`default`: not in the trash, the default; `trashed`; `all`), `limit` (1-200), `cursor`. */
export type ListChannelsOptions = Partial<Input<typeof ListChannelsQuerySchema>>;
/** `name` (unique among your channels), optionally `color` (`#rrggbb`) and `clientData` (a JSON object). */
export type CreateChannelInput = Input<typeof CreateChannelSchema>;
/** Any of `name`, `color` (null clears it), `clientData` (replaced whole). */
export type UpdateChannelInput = Input<typeof UpdateChannelSchema>;
/** `name`, `permissions` (a level on each of some of your channels), optionally `expiresAt`. */
export type CreateSharedAccessTokenInput = Input<typeof CreateSharedAccessTokenSchema>;
/** Any of `name`, `permissions` (replaced whole), `expiresAt` (null: never). */
export type UpdateSharedAccessTokenInput = Input<typeof UpdateSharedAccessTokenSchema>;
/** `name`, `url` (http or https), optionally `accessToken`. */
export type CreateBookmarkInput = Input<typeof CreateBookmarkSchema>;
/** Any of `name`, `url`, `accessToken` (null removes it). */
export type UpdateBookmarkInput = Input<typeof UpdateBookmarkSchema>;
/** `limit` (1-200), `cursor`. */
export interface ListPageOptions {
  limit?: number;
  cursor?: string;
}
/** `username`, `password`, and optionally `email`, `displayName`, `referer`. */
export type SignUpInput = Input<typeof SignUpSchema>;
export type SendInviteEmailInput = Input<typeof SendInviteEmailSchema>;
/** `status` (`pending`, `sent`, `failed`), `limit`, `cursor`. */
export type ListOutboxOptions = Partial<Input<typeof ListOutboxQuerySchema>>;
export type CreateUserInput = Input<typeof CreateUserSchema>;
export type UpdateUserInput = Input<typeof UpdateUserSchema>;
export type CreateApiKeyInput = Input<typeof CreateApiKeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;
export type LoginResult = z.infer<typeof LoginResultSchema>;
export type Me = z.infer<typeof MeSchema>;
/** Exactly one of: username or email (any case), external id, numeric id. */
export type LookupUserInput = { username: string } | { email: string } | { externalId: string } | { numericId: number };
export interface WriteOptions extends RequestOptions {
  /** ETag from `users.getWithETag`; the write fails with 412 if the user changed since. */
  ifMatch?: string;
}
export interface DeleteUserOptions extends WriteOptions {
  /** Detach the user's attached resources and delete; without it, a user with resources is not deleted (409 `resources_attached`). */
  detachResources?: boolean;
}
/** Resources are listed in attach order: `limit` (1-200) and `cursor`. */
export type ListResourcesOptions = Partial<Input<typeof ListResourcesQuerySchema>>;
export type AttachResourceInput = Input<typeof AttachResourceSchema>;

type Result = { status: number; body: unknown; headers: Headers };

/** Throws `StewardError` unless the response is 2xx; returns the body. */
function expectOk<T>(result: Result): T {
  if (result.status >= 200 && result.status < 300) return result.body as T;
  throw new StewardError(result.status, result.body, result.headers);
}

/**
 * ts-rest writes array query values the `qs` way (`tag[0]=a&tag[1]=b`);
 * Steward's API takes a repeated parameter (`tag=a&tag=b`).
 */
function repeatArrayParams(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const query = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(url.slice(at + 1))) query.append(key.replace(/\[\d+\]$/, ""), value);
  return `${url.slice(0, at)}?${query}`;
}

/** Walks every page of a list, one request per page. */
async function* everyItem<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Typed client for Steward's `/api/v1`.
 *
 * ```ts
 * const steward = new StewardClient({ baseUrl: "http://localhost:4000" });
 * await steward.login("admin", "secret");
 * for await (const user of steward.users.iterate({ q: "ali" })) console.log(user.username);
 * ```
 */
export class StewardClient {
  private token: string | undefined;
  private readonly api;
  private readonly bulk: BulkTransport;

  constructor(options: StewardClientOptions) {
    this.token = options.token;
    const transport: Transport = {
      // The global fetch as it is when a request is sent.
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeout: options.timeout,
      retry: options.retry,
    };
    const baseHeaders = options.headers ?? {};
    this.bulk = {
      fetch: transport.fetch,
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      headers: () => ({ ...baseHeaders, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) }),
    };
    this.api = initClient(v1Contract, {
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      baseHeaders: {},
      throwOnUnknownStatus: false,
      // `call`: the per-call options every method passes on (signal, timeout, retry, idempotency key).
      api: async ({ path, method, headers, body, call }: ApiFetcherArgs & { call?: PostOptions }) => {
        const merged: Record<string, string> = { ...baseHeaders, ...headers };
        if (this.token) merged.authorization = `Bearer ${this.token}`;
        return send(transport, repeatArrayParams(path), { method, headers: merged, body: body as BodyInit | undefined }, call);
      },
    });
  }

  /** The token this client sends, if any. */
  get currentToken(): string | undefined {
    return this.token;
  }

  /** Use another session token or API key from now on (undefined to stop). */
  setToken(token: string | undefined): void {
    this.token = token;
  }

  /**
   * Signs in with a password; later calls use the new session. An account
   * with two-factor sign-in also needs `code` (its app's code, or a recovery
   * code): without it the answer is a 401 StewardError whose
   * `problem.reason` is `mfa_required`; a wrong one, `invalid_mfa_code`.
   */
  async login(username: string, password: string, code?: string, options: PostOptions = {}): Promise<LoginResult> {
    const body = code === undefined ? { username, password } : { username, password, code };
    const result = expectOk<LoginResult>(await this.api.auth.login({ body, call: options }));
    this.token = result.token;
    return result;
  }

  /** Ends the current session on the server and forgets its token. */
  async logout(options: PostOptions = {}): Promise<void> {
    expectOk(await this.api.auth.logout({ call: options }));
    this.token = undefined;
  }

  /** Who this client is signed in as, and what it may do. */
  async me(options: RequestOptions = {}): Promise<Me> {
    return expectOk<Me>(await this.api.auth.getMe({ call: options }));
  }

  /**
   * The signed-in account, managing itself: no operator permission needed, never another account.
   * From a login session only (an API key is refused, 403 `session_required`). (`me()` says who is calling:
   * user or key, and what they may do; this is the account's own area, `/api/v1/me`.)
   */
  readonly account = {
    /** Your account, as operators see it. */
    get: async (options: RequestOptions = {}): Promise<User> => (await this.account.getWithETag(options)).user,
    /** Your account with the ETag to pass as `ifMatch` on a later `update`. */
    getWithETag: async (options: RequestOptions = {}): Promise<{ user: User; etag: string }> => {
      const result = await this.api.me.getOwnAccount({ call: options });
      return { user: expectOk<User>(result), etag: result.headers.get("etag") ?? "" };
    },
    /** Changes your email, names, language or phone (`null` clears one); 409 `email_taken`; `ifMatch` (an ETag) guards against a change meanwhile (412). */
    update: async (patch: UpdateOwnProfileInput, options: WriteOptions = {}): Promise<User> => (await this.account.updateWithETag(patch, options)).user,
    /** Like `update`, with the new ETag for the next guarded change. */
    updateWithETag: async (patch: UpdateOwnProfileInput, options: WriteOptions = {}): Promise<{ user: User; etag: string }> => {
      const result = await this.api.me.updateOwnProfile({ body: patch, headers: options.ifMatch ? { "if-match": options.ifMatch } : {}, call: options });
      return { user: expectOk<User>(result), etag: result.headers.get("etag") ?? "" };
    },
    /**
     * Changes your password: 422 `wrong_password` (counted as a failed sign-in), or `weak_password` /
     * `common_password` for the new one. Your other sessions end; this one stays.
     */
    changePassword: async (currentPassword: string, newPassword: string, options: PostOptions = {}): Promise<PasswordChanged> =>
      expectOk(await this.api.me.changeOwnPassword({ body: { currentPassword, newPassword }, call: options })),
    sessions: {
      /** Your live sessions, newest first; `current` marks this one. */
      list: async (query: ListOwnSessionsOptions = {}, options: RequestOptions = {}): Promise<Page<OwnSession>> =>
        expectOk(await this.api.me.listOwnSessions({ query: query as never, call: options })),
      iterate: (query: Omit<ListOwnSessionsOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<OwnSession> =>
        everyItem((cursor) => this.account.sessions.list({ ...query, cursor }, options)),
      /** Ends one of your sessions (404 for anyone else's); ending this one signs you out. */
      revoke: async (sessionId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.me.revokeOwnSession({ params: { sessionId }, call: options }));
      },
      /** Ends every session of yours but this one. */
      revokeOthers: async (options: RequestOptions = {}): Promise<{ revoked: number }> =>
        expectOk(await this.api.me.revokeOtherOwnSessions({ call: options })),
    },
    /**
     * Your channels: named scopes your shared access tokens grant a level on. Deleting one moves it
     * to the trash; deleting it there removes it for good, with every token permission on it.
     */
    channels: {
      /** One page of your channels, by name; `state` picks those not in the trash (default), `trashed` or `all`. */
      list: async (query: ListChannelsOptions = {}, options: RequestOptions = {}): Promise<Page<Channel>> =>
        expectOk(await this.api.meChannels.listOwnChannels({ query: query as never, call: options })),
      /** Every channel of yours in that state, across all pages. */
      iterate: (query: Omit<ListChannelsOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<Channel> =>
        everyItem((cursor) => this.account.channels.list({ ...query, cursor }, options)),
      /** A new channel; 409 `channel_name_taken` (trashed ones count) or `channel_limit_reached`. */
      create: async (input: CreateChannelInput, options: PostOptions = {}): Promise<Channel> =>
        expectOk(await this.api.meChannels.createOwnChannel({ body: input as never, call: options })),
      /** One of your channels, in the trash or not; 404 `channel_not_found` for anyone else's. */
      get: async (channelId: string, options: RequestOptions = {}): Promise<Channel> =>
        expectOk(await this.api.meChannels.getOwnChannel({ params: { channelId }, call: options })),
      /** Renames or recolours a channel, or replaces its client data; 409 `channel_name_taken`. */
      update: async (channelId: string, patch: UpdateChannelInput, options: RequestOptions = {}): Promise<Channel> =>
        expectOk(await this.api.meChannels.updateOwnChannel({ params: { channelId }, body: patch as never, call: options })),
      /**
       * Moves a channel to the trash (`outcome: "trashed"`); one in the trash already is deleted for good
       * (`outcome: "deleted"`), and `tokenPermissionsRemoved` says how many token permissions went with it.
       */
      delete: async (channelId: string, options: RequestOptions = {}): Promise<DeletedChannel> =>
        expectOk(await this.api.meChannels.deleteOwnChannel({ params: { channelId }, call: options })),
      /** Takes a channel out of the trash: its tokens' permissions on it apply again. One not there is answered as it is. */
      restore: async (channelId: string, options: PostOptions = {}): Promise<Channel> =>
        expectOk(await this.api.meChannels.restoreOwnChannel({ params: { channelId }, call: options })),
    },
    /** Your shared access tokens: a level on each of some of your channels, optionally until a time. */
    accessTokens: {
      /** One page of your shared tokens, by name; never a secret. */
      list: async (query: ListPageOptions = {}, options: RequestOptions = {}): Promise<Page<SharedAccessToken>> =>
        expectOk(await this.api.meAccessTokens.listOwnSharedTokens({ query: query as never, call: options })),
      iterate: (query: Omit<ListPageOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<SharedAccessToken> =>
        everyItem((cursor) => this.account.accessTokens.list({ ...query, cursor }, options)),
      /**
       * A new shared token; its secret `token` is in this result only. 409 `token_name_taken` or
       * `token_limit_reached`; 422 `unknown_channel`, `expiry_in_past`.
       */
      create: async (input: CreateSharedAccessTokenInput, options: PostOptions = {}): Promise<CreatedSharedAccessToken> =>
        expectOk(await this.api.meAccessTokens.createOwnSharedToken({ body: input as never, call: options })),
      /** One of your shared tokens by id (not its secret); 404 `access_token_not_found` for anyone else's. */
      get: async (tokenId: string, options: RequestOptions = {}): Promise<SharedAccessToken> =>
        expectOk(await this.api.meAccessTokens.getOwnSharedToken({ params: { tokenId }, call: options })),
      /** Renames it, replaces its permissions or changes its expiry; the secret stays. */
      update: async (tokenId: string, patch: UpdateSharedAccessTokenInput, options: RequestOptions = {}): Promise<SharedAccessToken> =>
        expectOk(await this.api.meAccessTokens.updateOwnSharedToken({ params: { tokenId }, body: patch as never, call: options })),
      /** Deletes it: it stops working at once. */
      delete: async (tokenId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.meAccessTokens.deleteOwnSharedToken({ params: { tokenId }, call: options }));
      },
    },
    /** Your apps' personal tokens: one per app id, reaching all your data. */
    appTokens: {
      /** One page of your app tokens, by app id, each with its last use; never a secret. */
      list: async (query: ListPageOptions = {}, options: RequestOptions = {}): Promise<Page<AppToken>> =>
        expectOk(await this.api.meAccessTokens.listOwnAppTokens({ query: query as never, call: options })),
      iterate: (query: Omit<ListPageOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<AppToken> =>
        everyItem((cursor) => this.account.appTokens.list({ ...query, cursor }, options)),
      /**
       * The app's personal token (`appId` is made URL-friendly): made on the first call (`created: true`),
       * the same on every later one until revoked. 409 `token_limit_reached` past the apps allowed.
       */
      get: async (appId: string, options: PostOptions = {}): Promise<AppTokenWithSecret> =>
        expectOk(await this.api.meAccessTokens.getOwnAppToken({ body: { appId }, call: options })),
      /** Revokes an app's token by its id: it stops working at once; the app's next `get` makes a new one. */
      revoke: async (tokenId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.meAccessTokens.revokeOwnAppToken({ params: { tokenId }, call: options }));
      },
    },
    /** Your bookmarks: links to data others shared with you, each with the token that opens it. */
    bookmarks: {
      /** One page of your bookmarks, by name. */
      list: async (query: ListPageOptions = {}, options: RequestOptions = {}): Promise<Page<Bookmark>> =>
        expectOk(await this.api.meBookmarks.listOwnBookmarks({ query: query as never, call: options })),
      iterate: (query: Omit<ListPageOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<Bookmark> =>
        everyItem((cursor) => this.account.bookmarks.list({ ...query, cursor }, options)),
      /** Keeps a bookmark; 422 `invalid_bookmark_url`, 409 `bookmark_limit_reached`. */
      create: async (input: CreateBookmarkInput, options: PostOptions = {}): Promise<Bookmark> =>
        expectOk(await this.api.meBookmarks.createOwnBookmark({ body: input as never, call: options })),
      /** One of your bookmarks; 404 `bookmark_not_found` for anyone else's. */
      get: async (bookmarkId: string, options: RequestOptions = {}): Promise<Bookmark> =>
        expectOk(await this.api.meBookmarks.getOwnBookmark({ params: { bookmarkId }, call: options })),
      /** Changes its name, URL or token (`accessToken: null` removes it). */
      update: async (bookmarkId: string, patch: UpdateBookmarkInput, options: RequestOptions = {}): Promise<Bookmark> =>
        expectOk(await this.api.meBookmarks.updateOwnBookmark({ params: { bookmarkId }, body: patch as never, call: options })),
      delete: async (bookmarkId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.meBookmarks.deleteOwnBookmark({ params: { bookmarkId }, call: options }));
      },
    },
  };

  /** For the services that hold accounts' data: checking the access tokens accounts hand out (`access-tokens:introspect`, e.g. an API key). */
  readonly accessTokens = {
    /**
     * What a presented token grants now: `{ active: false }` when it grants nothing (unknown, revoked,
     * expired, or its account cannot sign in); else its kind, owner, and levels on channels not in the trash.
     * Records its use.
     */
    introspect: async (token: string, options: PostOptions = {}): Promise<AccessTokenIntrospection> =>
      expectOk(await this.api.meAccessTokens.introspectAccessToken({ body: { token }, call: options })),
  };

  /** The signed-in user's own sign-in, from a login session (an API key is refused, 403 `session_required`). */
  readonly auth = {
    /** Two-factor sign-in with an authenticator app (TOTP). Codes are checked under the sign-in limits. */
    mfa: {
      /** Whether it is on, and how many recovery codes are left. */
      status: async (options: RequestOptions = {}): Promise<MfaStatus> => expectOk(await this.api.mfa.getMfa({ call: options })),
      /** A new secret (base32 and `otpauth://` URI, shown once); nothing changes until `confirmEnrolment`. */
      startEnrolment: async (options: PostOptions = {}): Promise<MfaEnrolment> => expectOk(await this.api.mfa.startMfaEnrolment({ call: options })),
      /** Turns it on with a code from the app; answers ten recovery codes, once. */
      confirmEnrolment: async (code: string, options: PostOptions = {}): Promise<RecoveryCodes> =>
        expectOk(await this.api.mfa.confirmMfaEnrolment({ body: { code }, call: options })),
      /** Ten new recovery codes for a current code from the app; the earlier ones stop working. */
      regenerateRecoveryCodes: async (code: string, options: PostOptions = {}): Promise<RecoveryCodes> =>
        expectOk(await this.api.mfa.regenerateRecoveryCodes({ body: { code }, call: options })),
      /** Turns it off, with a current code from the app or an unused recovery code. */
      disable: async (code: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.mfa.disableMfa({ body: { code }, call: options }));
      },
    },
  };

  readonly users = {
    list: async (query: ListUsersOptions = {}, options: RequestOptions = {}): Promise<Page<User>> =>
      expectOk(await this.api.users.listUsers({ query: query as never, call: options })),
    /** Every user matching the filters, across all pages. */
    iterate: (query: Omit<ListUsersOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<User> =>
      everyItem((cursor) => this.users.list({ ...query, cursor }, options)),
    /**
     * Imports users in bulk (`users:import`; roles need `users:manage-roles`, groups `groups:manage`):
     * rows (objects, from any iterable or async iterable: sent as NDJSON as they come, never held whole),
     * or NDJSON or CSV text, a byte stream or a Blob (`format: "csv"` for CSV). Passwords travel as
     * other systems' hashes (`passwordHash`: bcrypt, argon2, PBKDF2, scrypt, Firebase scrypt with
     * `firebaseScrypt`). `onProgress` hears each batch as it is done; resolves with the summary (counts,
     * the row errors with their lines, the line ranges that landed). A refusal of the whole import
     * (no permission, a bad CSV header) rejects with a StewardError; a row's problem is in the summary.
     */
    import: (source: ImportSource, options: ImportUsersOptions = {}): Promise<ImportSummary> => importUsers(this.bulk, source, options),
    /**
     * Every user, in numeric-id order (`users:export`), with role and group names, read as they arrive
     * (resumed after the last one received when the answer breaks off). `includePasswordHashes` needs
     * `users:export-credentials`. With `format: "csv"`, the CSV text in pieces instead (to write to a file).
     * What it gives, `import` takes back.
     */
    export: ((options: ExportUsersOptions = {}) => exportUsers(this.bulk, options)) as {
      (options?: ExportUsersOptions & { format?: "ndjson" }): AsyncGenerator<ExportedUser>;
      (options: ExportUsersOptions & { format: "csv" }): AsyncGenerator<string>;
    },
    get: async (id: string, options: RequestOptions = {}): Promise<User> => expectOk(await this.api.users.getUser({ params: { id }, call: options })),
    /** The user with the ETag to pass as `ifMatch` on a later write. */
    getWithETag: async (id: string, options: RequestOptions = {}): Promise<{ user: User; etag: string }> => {
      const result = await this.api.users.getUser({ params: { id }, call: options });
      const user = expectOk<User>(result);
      return { user, etag: result.headers.get("etag") ?? "" };
    },
    lookup: async (by: LookupUserInput, options: RequestOptions = {}): Promise<User> =>
      expectOk(await this.api.users.lookupUser({ query: by as never, call: options })),
    create: async (input: CreateUserInput, options: PostOptions = {}): Promise<User> =>
      expectOk(await this.api.users.createUser({ body: input as never, call: options })),
    update: async (id: string, patch: UpdateUserInput, options: WriteOptions = {}): Promise<User> =>
      (await this.users.updateWithETag(id, patch, options)).user,
    /** Like `update`, with the new ETag for the next guarded write. */
    updateWithETag: async (id: string, patch: UpdateUserInput, options: WriteOptions = {}): Promise<{ user: User; etag: string }> => {
      const result = await this.api.users.updateUser({
        params: { id },
        body: patch as never,
        headers: options.ifMatch ? { "if-match": options.ifMatch } : {},
        call: options,
      });
      return { user: expectOk<User>(result), etag: result.headers.get("etag") ?? "" };
    },
    /** Deletes for good; refused (409 `resources_attached`) while resources are attached, unless `detachResources: true`. */
    delete: async (id: string, options: DeleteUserOptions = {}): Promise<void> => {
      expectOk(
        await this.api.users.deleteUser({
          params: { id },
          query: options.detachResources ? { detachResources: "true" } : {},
          headers: options.ifMatch ? { "if-match": options.ifMatch } : {},
          call: options,
        }),
      );
    },
    activate: async (id: string, options: PostOptions = {}): Promise<User> =>
      expectOk(await this.api.users.activateUser({ params: { id }, call: options })),
    deactivate: async (id: string, options: PostOptions = {}): Promise<User> =>
      expectOk(await this.api.users.deactivateUser({ params: { id }, call: options })),
    /** Gives the user a new generated password, answered here only; every session of theirs ends. */
    resetPassword: async (id: string, options: PostOptions = {}): Promise<{ password: string }> =>
      expectOk(await this.api.users.resetUserPassword({ params: { id }, call: options })),
    /** Turns a user's two-factor sign-in off (`users:reset-mfa`): they sign in with their password and may enrol again. */
    resetMfa: async (id: string, options: RequestOptions = {}): Promise<void> => {
      expectOk(await this.api.mfa.resetUserMfa({ params: { id }, call: options }));
    },
    /**
     * Replaces the permissions the user holds directly (their roles stay), answering them as an operator;
     * `[]` makes an operator with no role an account again. Never beyond yours (403 `permission_not_held`).
     */
    setPermissions: async (id: string, permissions: string[], options: RequestOptions = {}): Promise<Operator> =>
      expectOk(await this.api.operators.setUserPermissions({ params: { id }, body: { permissions }, call: options })),
    addRole: async (id: string, role: string, options: RequestOptions = {}): Promise<User> =>
      expectOk(await this.api.users.addUserRole({ params: { id, role }, call: options })),
    removeRole: async (id: string, role: string, options: RequestOptions = {}): Promise<User> =>
      expectOk(await this.api.users.removeUserRole({ params: { id, role }, call: options })),
    addTags: async (id: string, tags: string[], options: PostOptions = {}): Promise<User> =>
      expectOk(await this.api.users.addUserTags({ params: { id }, body: { tags }, call: options })),
    removeTag: async (id: string, tag: string, options: RequestOptions = {}): Promise<User> =>
      expectOk(await this.api.users.removeUserTag({ params: { id, tag }, call: options })),
    /** Adds tags to up to 500 users at once, all or nothing; says which changed and each one's tags. */
    addTagsToMany: async (userIds: string[], tags: string[], options: PostOptions = {}): Promise<BulkTagsResult> =>
      expectOk(await this.api.users.addTagsToUsers({ body: { userIds, tags }, call: options })),
    /** Removes tags from up to 500 users at once, all or nothing. */
    removeTagsFromMany: async (userIds: string[], tags: string[], options: PostOptions = {}): Promise<BulkTagsResult> =>
      expectOk(await this.api.users.removeTagsFromUsers({ body: { userIds, tags }, call: options })),
    /** Emails the user a password-reset link (a `reset` invite, 24 hours); the mail is queued, sent in the background. */
    sendPasswordReset: async (id: string, options: PostOptions = {}): Promise<QueuedMail> =>
      expectOk(await this.api.mail.sendPasswordResetEmail({ params: { id }, call: options })),
    /** A user's live sign-in sessions, newest first. */
    sessions: {
      list: async (userId: string, query: ListSessionsOptions = {}, options: RequestOptions = {}): Promise<Page<Session>> =>
        expectOk(await this.api.sessions.listUserSessions({ params: { id: userId }, query: query as never, call: options })),
      iterate: (userId: string, query: Omit<ListSessionsOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<Session> =>
        everyItem((cursor) => this.users.sessions.list(userId, { ...query, cursor }, options)),
      /** Ends one session; its token stops working at once. Ending an ended one succeeds. */
      revoke: async (userId: string, sessionId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.sessions.revokeUserSession({ params: { id: userId, sessionId }, call: options }));
      },
      /** Ends every live session of the user; says how many. */
      revokeAll: async (userId: string, options: RequestOptions = {}): Promise<{ revoked: number }> =>
        expectOk(await this.api.sessions.revokeUserSessions({ params: { id: userId }, call: options })),
    },
    /** The groups a user belongs to, by name. */
    groups: async (id: string, options: RequestOptions = {}): Promise<{ data: Group[]; total: number }> =>
      expectOk(await this.api.groups.listUserGroups({ params: { id }, call: options })),
    /** The users a user follows (`users:read` to list, `users:update` to change). */
    following: {
      /** One page of the users `userId` follows, by username. */
      list: async (userId: string, query: ListFollowsOptions = {}, options: RequestOptions = {}): Promise<Page<Follow>> =>
        expectOk(await this.api.follows.listFollowing({ params: { id: userId }, query: query as never, call: options })),
      /** Every user `userId` follows, across all pages. */
      iterate: (userId: string, query: Omit<ListFollowsOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<Follow> =>
        everyItem((cursor) => this.users.following.list(userId, { ...query, cursor }, options)),
      /** Makes `userId` follow `targetId`; following again is harmless, following oneself a 422 `self_follow`. */
      add: async (userId: string, targetId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.follows.followUser({ params: { id: userId, targetId }, call: options }));
      },
      /** Makes `userId` stop following `targetId`; unfollowing a user not followed is harmless. */
      remove: async (userId: string, targetId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.follows.unfollowUser({ params: { id: userId, targetId }, call: options }));
      },
    },
    /** The resources attached to a user: things of another system it owns (`users:read` to list, `users:update` to change). */
    resources: {
      /** One page of a user's resources, in attach order. */
      list: async (userId: string, query: ListResourcesOptions = {}, options: RequestOptions = {}): Promise<Page<AttachedResource>> =>
        expectOk(await this.api.resources.listUserResources({ params: { id: userId }, query: query as never, call: options })),
      /** Every resource attached to a user, across all pages. */
      iterate: (userId: string, query: Omit<ListResourcesOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<AttachedResource> =>
        everyItem((cursor) => this.users.resources.list(userId, { ...query, cursor }, options)),
      /**
       * Attaches a resource; one attached to this user already is answered as it is. A 409
       * `resource_attached_elsewhere` when another user has it.
       */
      attach: async (userId: string, input: AttachResourceInput, options: PostOptions = {}): Promise<AttachedResource> =>
        expectOk(await this.api.resources.attachResource({ params: { id: userId }, body: input, call: options })),
      /** Detaches one resource by its id; an unknown one is a 404 `resource_not_found`. */
      detach: async (userId: string, resourceId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.resources.detachResource({ params: { id: userId, resourceId }, call: options }));
      },
    },
    /** The users following a user (`users:read`). */
    followers: {
      /** One page of the users following `userId`, by username. */
      list: async (userId: string, query: ListFollowsOptions = {}, options: RequestOptions = {}): Promise<Page<Follow>> =>
        expectOk(await this.api.follows.listFollowers({ params: { id: userId }, query: query as never, call: options })),
      /** Every user following `userId`, across all pages. */
      iterate: (userId: string, query: Omit<ListFollowsOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<Follow> =>
        everyItem((cursor) => this.users.followers.list(userId, { ...query, cursor }, options)),
    },
  };

  readonly groups = {
    list: async (query: ListGroupsOptions = {}, options: RequestOptions = {}): Promise<Page<Group>> =>
      expectOk(await this.api.groups.listGroups({ query: query as never, call: options })),
    /** Every matching group, across all pages. */
    iterate: (query: Omit<ListGroupsOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<Group> =>
      everyItem((cursor) => this.groups.list({ ...query, cursor }, options)),
    get: async (id: string, options: RequestOptions = {}): Promise<Group> =>
      expectOk(await this.api.groups.getGroup({ params: { id }, call: options })),
    /** New group; `createMuc: true` also gives it a chat room. */
    create: async (input: CreateGroupInput, options: PostOptions = {}): Promise<Group> =>
      expectOk(await this.api.groups.createGroup({ body: input as never, call: options })),
    /** Renames a group. */
    update: async (id: string, patch: UpdateGroupInput, options: RequestOptions = {}): Promise<Group> =>
      expectOk(await this.api.groups.updateGroup({ params: { id }, body: patch as never, call: options })),
    /** Deletes a group; its members stay. */
    delete: async (id: string, options: RequestOptions = {}): Promise<void> => {
      expectOk(await this.api.groups.deleteGroup({ params: { id }, call: options }));
    },
    members: {
      /** One page of a group's members, by username. */
      list: async (groupId: string, query: ListGroupMembersOptions = {}, options: RequestOptions = {}): Promise<Page<GroupMember>> =>
        expectOk(await this.api.groups.listGroupMembers({ params: { id: groupId }, query: query as never, call: options })),
      /** Every member of a group, across all pages. */
      iterate: (groupId: string, query: Omit<ListGroupMembersOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<GroupMember> =>
        everyItem((cursor) => this.groups.members.list(groupId, { ...query, cursor }, options)),
      /** Adds a user to a group; adding a member again is harmless. */
      add: async (groupId: string, userId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.groups.addGroupMember({ params: { id: groupId, userId }, call: options }));
      },
      /** Takes a user out of a group; removing a non-member is harmless. */
      remove: async (groupId: string, userId: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.groups.removeGroupMember({ params: { id: groupId, userId }, call: options }));
      },
    },
  };

  /** The relays the platform follows (`relays:read`, `relays:manage`). */
  readonly relays = {
    /** Every followed relay, by URL. */
    list: async (options: RequestOptions = {}): Promise<{ data: Relay[]; total: number }> =>
      expectOk(await this.api.relays.listRelays({ call: options })),
    /** Follows a relay by URL; one followed already (under any spelling of its URL) is answered as it is. */
    follow: async (url: string, options: PostOptions = {}): Promise<Relay> =>
      expectOk(await this.api.relays.followRelay({ body: { url }, call: options })),
    /** Unfollows a relay by id; an unknown id is a 404 `relay_not_found`. */
    unfollow: async (id: string, options: RequestOptions = {}): Promise<void> => {
      expectOk(await this.api.relays.unfollowRelay({ params: { id }, call: options }));
    },
  };

  readonly roles = {
    list: async (options: RequestOptions = {}): Promise<{ data: Role[]; total: number }> =>
      expectOk(await this.api.roles.listRoles({ call: options })),
    get: async (id: string, options: RequestOptions = {}): Promise<Role> => expectOk(await this.api.roles.getRole({ params: { id }, call: options })),
    /** A custom role: permissions from the vocabulary, none you do not hold yourself. */
    create: async (input: CreateRoleInput, options: PostOptions = {}): Promise<Role> =>
      expectOk(await this.api.roles.createRole({ body: input as never, call: options })),
    /** Renames a custom role or replaces what it grants; every holder has the new permissions at once. */
    update: async (id: string, patch: UpdateRoleInput, options: RequestOptions = {}): Promise<Role> =>
      expectOk(await this.api.roles.updateRole({ params: { id }, body: patch as never, call: options })),
    /** Deletes a custom role nobody holds (409 `role_in_use` otherwise). */
    delete: async (id: string, options: RequestOptions = {}): Promise<void> => {
      expectOk(await this.api.roles.deleteRole({ params: { id }, call: options }));
    },
  };

  /** Operators: users holding permissions, through roles or their own (`operators:read`, `operators:create`). */
  readonly operators = {
    /** One page of operators, by username, each with every permission they hold (`permissions`). */
    list: async (query: ListOperatorsOptions = {}, options: RequestOptions = {}): Promise<Page<Operator>> =>
      expectOk(await this.api.operators.listOperators({ query: query as never, call: options })),
    /** Every matching operator, across all pages. */
    iterate: (query: Omit<ListOperatorsOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<Operator> =>
      everyItem((cursor) => this.operators.list({ ...query, cursor }, options)),
    /** One operator; a user holding no permission is a 404 `operator_not_found`. */
    get: async (id: string, options: RequestOptions = {}): Promise<Operator> =>
      expectOk(await this.api.operators.getOperator({ params: { id }, call: options })),
    /** A user with permissions of their own (at least one, none you do not hold). */
    create: async (input: CreateOperatorInput, options: PostOptions = {}): Promise<Operator> =>
      expectOk(await this.api.operators.createOperator({ body: input as never, call: options })),
  };

  /** The platform settings, one versioned document (`settings:read`, `settings:update`). */
  readonly settings = {
    /** `{ version, revision, settings, updatedAt }`; give `revision` back as `ifMatch` to change them. */
    get: async (options: RequestOptions = {}): Promise<SettingsDocument> => expectOk(await this.api.settings.getSettings({ call: options })),
    /**
     * Replaces the whole settings document. Every problem is a field error of one 422 `invalid_settings`
     * (`body.passwords.minLength`), and nothing is written; 412 `settings_changed` when `ifMatch` is stale;
     * 409 `settings_migration_pending` until the pending migrations are applied.
     */
    update: async (settings: PlatformSettings, options: SettingsWriteOptions = {}): Promise<SettingsDocument> => {
      const { ifMatch } = options;
      const headers = ifMatch === undefined ? {} : { "if-match": typeof ifMatch === "number" ? `"${ifMatch}"` : ifMatch };
      return expectOk(await this.api.settings.putSettings({ body: settings, headers, call: options }));
    },
    /** The migrations of the document's schema. */
    migrations: {
      /** `{ data }`: the pending ones, in the order they apply. */
      list: async (options: RequestOptions = {}): Promise<{ data: SettingsMigration[] }> =>
        expectOk(await this.api.settings.listSettingsMigrations({ call: options })),
      /** Applies every pending one in one transaction (all or none, 422 `settings_migration_failed`): `{ data }`, those applied. */
      apply: async (options: PostOptions = {}): Promise<{ data: SettingsMigration[] }> =>
        expectOk(await this.api.settings.applySettingsMigrations({ call: options })),
    },
    /**
     * Services that receive the settings, POSTed and signed (`Steward-Signature`, see the README's
     * "Notify"), when `notify` is called. A target's `secret` is in the answer that sets it only.
     */
    notifyTargets: {
      /** `{ data }`: every target, by name, each with its `lastPush`; never a secret. */
      list: async (options: RequestOptions = {}): Promise<{ data: NotifyTarget[] }> =>
        expectOk(await this.api.notify.listNotifyTargets({ call: options })),
      /** Registers a target; the answer's `secret` (yours, or generated) is shown this once. */
      create: async (input: CreateNotifyTargetInput, options: PostOptions = {}): Promise<CreatedNotifyTarget> =>
        expectOk(await this.api.notify.createNotifyTarget({ body: input as never, call: options })),
      /** Renames, moves, enables or disables a target; `rotateSecret: true` answers a new `secret`, once. */
      update: async (id: string, patch: UpdateNotifyTargetInput, options: RequestOptions = {}): Promise<UpdatedNotifyTarget> =>
        expectOk(await this.api.notify.updateNotifyTarget({ params: { id }, body: patch as never, call: options })),
      /** A new generated secret for the target, answered this once; the old one stops signing at once. */
      rotateSecret: async (id: string, options: RequestOptions = {}): Promise<UpdatedNotifyTarget & { secret: string }> =>
        expectOk(await this.api.notify.updateNotifyTarget({ params: { id }, body: { rotateSecret: true }, call: options })),
      /** Deletes a target; its pushes stay recorded. */
      delete: async (id: string, options: RequestOptions = {}): Promise<void> => {
        expectOk(await this.api.notify.deleteNotifyTarget({ params: { id }, call: options }));
      },
    },
    /**
     * Pushes the settings now to the targets named (every enabled one when none is), all at once:
     * `{ revision, successes, failures }`, per target. An unknown name is a 422 `unknown_notify_target`,
     * a disabled one a 422 `notify_target_disabled`, and then nothing is pushed.
     */
    notify: async (targets?: string[], options: PostOptions = {}): Promise<PushResult> =>
      expectOk(await this.api.notify.pushSettings({ body: targets === undefined ? {} : { targets }, call: options })),
    /** Every push recorded, newest first, with its outcome. */
    notifyPushes: {
      list: async (query: ListNotifyPushesOptions = {}, options: RequestOptions = {}): Promise<Page<NotifyPush>> =>
        expectOk(await this.api.notify.listNotifyPushes({ query: query as never, call: options })),
      iterate: (query: Omit<ListNotifyPushesOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<NotifyPush> =>
        everyItem((cursor) => this.settings.notifyPushes.list({ ...query, cursor }, options)),
    },
  };

  readonly apiKeys = {
    list: async (query: ListApiKeysOptions = {}, options: RequestOptions = {}): Promise<Page<ApiKey>> =>
      expectOk(await this.api.apiKeys.listApiKeys({ query: query as never, call: options })),
    iterate: (query: Omit<ListApiKeysOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<ApiKey> =>
      everyItem((cursor) => this.apiKeys.list({ ...query, cursor }, options)),
    get: async (id: string, options: RequestOptions = {}): Promise<ApiKey> =>
      expectOk(await this.api.apiKeys.getApiKey({ params: { id }, call: options })),
    /** Creates a key; its secret `key` is in this result only. */
    create: async (input: CreateApiKeyInput, options: PostOptions = {}): Promise<CreatedApiKey> =>
      expectOk(await this.api.apiKeys.createApiKey({ body: input as never, call: options })),
    revoke: async (id: string, options: RequestOptions = {}): Promise<void> => {
      expectOk(await this.api.apiKeys.revokeApiKey({ params: { id }, call: options }));
    },
  };

  readonly server = {
    /** Site name, version, uptime and how much the platform holds. */
    info: async (options: RequestOptions = {}): Promise<ServerInfo> => expectOk(await this.api.serverInfo.getServerInfo({ call: options })),
  };

  /**
   * Invites (`invites:read`, `invites:manage`). Lists carry no tokens; `get` carries the token and link
   * when you could make the invite now, and `create` always (a reset invite's only there). See `tokenHidden`.
   */
  readonly invites = {
    list: async (query: ListInvitesOptions = {}, options: RequestOptions = {}): Promise<Page<Invite>> =>
      expectOk(await this.api.invites.listInvites({ query: query as never, call: options })),
    iterate: (query: Omit<ListInvitesOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<Invite> =>
      everyItem((cursor) => this.invites.list({ ...query, cursor }, options)),
    create: async (input: CreateInviteInput, options: PostOptions = {}): Promise<Invite> =>
      expectOk(await this.api.invites.createInvite({ body: input as never, call: options })),
    get: async (id: string, options: RequestOptions = {}): Promise<Invite> =>
      expectOk(await this.api.invites.getInvite({ params: { id }, call: options })),
    /** Creates a `register` invite for the address and queues the mail carrying its link. */
    sendByEmail: async (input: SendInviteEmailInput, options: PostOptions = {}): Promise<QueuedMail> =>
      expectOk(await this.api.mail.sendInviteEmail({ body: input, call: options })),
    /** Revoking twice is harmless. */
    revoke: async (id: string, options: RequestOptions = {}): Promise<void> => {
      expectOk(await this.api.invites.revokeInvite({ params: { id }, call: options }));
    },
  };

  /** Mail queued, sent and failed (`mail:read`; bodies, one message at a time, and retries need `mail:manage`). */
  readonly outbox = {
    list: async (query: ListOutboxOptions = {}, options: RequestOptions = {}): Promise<Page<OutboxMessage>> =>
      expectOk(await this.api.mail.listOutbox({ query: query as never, call: options })),
    iterate: (query: Omit<ListOutboxOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<OutboxMessage> =>
      everyItem((cursor) => this.outbox.list({ ...query, cursor }, options)),
    /** One message, with its body when you hold `mail:manage` and could make the invite it carries (see `bodyHidden`). */
    get: async (id: string, options: RequestOptions = {}): Promise<OutboxMessage> =>
      expectOk(await this.api.mail.getOutboxMessage({ params: { id }, call: options })),
    /** Puts a `failed` message back to `pending`. */
    retry: async (id: string, options: PostOptions = {}): Promise<OutboxMessage> =>
      expectOk(await this.api.mail.retryMail({ params: { id }, call: options })),
  };

  /** Signing up without an invitation, while the platform's settings say `registration: "open"`; no sign-in needed. */
  readonly registration = {
    /** The site's name, its registration policy and the fewest characters a password may have. */
    get: async (options: RequestOptions = {}): Promise<RegistrationInfo> => expectOk(await this.api.registration.getRegistration({ call: options })),
    /**
     * Makes an account with no role or permission; then `login` with it. 403 `registration_invite_only`
     * or `registration_closed`; 409 `username_taken`/`email_taken`; 422 `weak_password`/`common_password`;
     * 429 `registration_rate_limited` (a limit per address shared with invitations).
     */
    signUp: async (input: SignUpInput, options: PostOptions = {}): Promise<SignedUp> =>
      expectOk(await this.api.registration.signUp({ body: input, call: options })),
  };

  /** The public side of an invite link: no sign-in needed, the token is the credential. */
  readonly invitations = {
    /** What the invitation is for (kind, site, username, group names, expiry). */
    get: async (token: string, options: RequestOptions = {}): Promise<Invitation> =>
      expectOk(await this.api.invites.getInvitation({ params: { token }, call: options })),
    /** Creates the account (`account_created`) or sets the new password (`password_reset`). */
    redeem: async (token: string, input: RedeemInvitationInput, options: PostOptions = {}): Promise<Redemption> =>
      expectOk(await this.api.invites.redeemInvitation({ params: { token }, body: input, call: options })),
  };

  /** Who is signed in, across every user (`sessions:read`); ending one is `users.sessions.revoke`. */
  readonly sessions = {
    /** Live sessions, newest sign-in first, each with its user. */
    list: async (query: ListAllSessionsOptions = {}, options: RequestOptions = {}): Promise<Page<SessionWithUser>> =>
      expectOk(await this.api.sessions.listSessions({ query: query as never, call: options })),
    iterate: (query: Omit<ListAllSessionsOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<SessionWithUser> =>
      everyItem((cursor) => this.sessions.list({ ...query, cursor }, options)),
  };

  readonly auditEvents = {
    list: async (query: ListAuditEventsOptions = {}, options: RequestOptions = {}): Promise<Page<AuditEvent>> =>
      expectOk(await this.api.auditEvents.listAuditEvents({ query: query as never, call: options })),
    iterate: (query: Omit<ListAuditEventsOptions, "cursor"> = {}, options: RequestOptions = {}): AsyncGenerator<AuditEvent> =>
      everyItem((cursor) => this.auditEvents.list({ ...query, cursor }, options)),
  };
}
