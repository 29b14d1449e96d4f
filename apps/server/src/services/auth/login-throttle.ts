import { Prisma } from "@steward/db";
import type { Deps } from "../kernel/context.ts";
import type { RateLimitState, ServiceError } from "../kernel/errors.ts";
import * as counters from "../kernel/rate-limit.ts";

/** The sign-in policy, written down in README.md ("Sign-in limits"). */
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** An address may fail this many times the per-account limit, over all accounts. */
export const ADDRESS_LIMIT_FACTOR = 5;
/** First delay once an account is past its limit; it doubles with each further failure. */
const FIRST_DELAY_MS = 250;

/** One sign-in attempt, counted before its password is checked. */
export interface Attempt {
  accountKey: string;
  accountAddressKey: string;
  addressKey: string;
  /** The (account, address) counter as this attempt left it, for the RateLimit headers. */
  state: RateLimitState;
  /** The account's failures in the window (from every address), read with the reservation: what holdBack waits by. */
  accountFailures: number;
}

/** How a counter key is made: the account (a user's id, or `name:<name as typed>`), the address. */
const KEY = { account: "login:account:", accountAddress: "login:account-address:", address: "login:address:" };

function attemptKeys(account: string, from: string): Pick<Attempt, "accountKey" | "accountAddressKey" | "addressKey"> {
  return { accountKey: KEY.account + account, accountAddressKey: `${KEY.accountAddress}${account}|${from}`, addressKey: KEY.address + from };
}

/**
 * Counts the attempt against its (account, address) and its address before
 * anything is verified, so parallel guesses cannot outrun the limit: each
 * one takes a number, and those past the limit are refused (429) unchecked.
 * `account` is the user's id when it is known (username and email are one
 * account).
 */
export async function reserveAttempt(deps: Pick<Deps, "sql" | "settings">, account: string, address: string | null): Promise<Attempt> {
  return (await reserve(deps, Prisma.sql`${account}::text`, address)).attempt;
}

/**
 * A password sign-in's first statement: finds the account with `find` (SQL
 * answering at most one row, with an `id`) and reserves the attempt against
 * it, or against `name:<typed>` when there is none, in one round trip.
 * `found` is that row, as JSON (so its column names are its keys).
 */
export async function findAndReserve<Row extends { id: string }>(
  deps: Pick<Deps, "sql" | "settings">,
  find: Prisma.Sql,
  typed: string,
  address: string | null,
): Promise<{ found: Row | undefined; attempt: Attempt }> {
  return reserve<Row>(deps, Prisma.sql`coalesce((SELECT id::text FROM found), ${`name:${typed.toLowerCase()}`}::text)`, address, find);
}

async function reserve<Row>(deps: Pick<Deps, "sql" | "settings">, account: Prisma.Sql, address: string | null, find?: Prisma.Sql) {
  const policy = deps.settings.login;
  const from = address ?? "unknown";
  // One statement: the account found, both of its counters hit, and its failures (from every address) read for holdBack.
  // Its commit does not wait for the disk (synchronous_commit off, for this transaction only): the counts are
  // seen by every other attempt as soon as it commits, and a database crash could only forget the last few.
  const [row] = await deps.sql.query<{ account: string; hits: counters.CounterRow[]; account_failures: number; found: Row | null }>(Prisma.sql`
    WITH found AS (${find ?? Prisma.sql`SELECT NULL::uuid AS id WHERE false`}),
    account AS (SELECT ${account} AS id),
    hit AS (${counters.hitSql(
      Prisma.sql`(SELECT ARRAY[${KEY.accountAddress}::text || id || ${`|${from}`}::text, ${KEY.address + from}::text] FROM account)`,
      LOGIN_WINDOW_SECONDS,
    )})
    SELECT account.id AS account, (SELECT json_agg(hit) FROM hit) AS hits,
      ${counters.countSql(Prisma.sql`${KEY.account}::text || account.id`)} AS account_failures,
      (SELECT row_to_json(found) FROM found) AS found,
      set_config('synchronous_commit', 'off', true) AS commit_mode
    FROM account`);
  const keys = attemptKeys(row!.account, from);
  const [pair, byAddress] = counters.countersOf(row!.hits, [keys.accountAddressKey, keys.addressKey], LOGIN_WINDOW_SECONDS);
  const state = stateOf("login", pair!, policy.limit);
  if (pair!.count > policy.limit) throw tooMany(state, "Too many failed sign-ins for this account from your address; try again later");
  const addressLimit = policy.limit * ADDRESS_LIMIT_FACTOR;
  if (byAddress!.count > addressLimit) {
    throw tooMany(stateOf("login-address", byAddress!, addressLimit), "Too many failed sign-ins from your address; try again later");
  }
  return { found: row!.found ?? undefined, attempt: { ...keys, state, accountFailures: Number(row!.account_failures) } };
}

/**
 * Past the limit of failures on an account (from all addresses together),
 * every attempt waits, longer with each failure: guessing gets slow, while
 * the real user, from an address that has not been failing, still gets in.
 */
export async function holdBack(deps: Pick<Deps, "settings" | "clock">, attempt: Attempt): Promise<void> {
  const policy = deps.settings.login;
  const failures = attempt.accountFailures;
  if (failures < policy.limit) return;
  const delay = Math.min(policy.maxDelayMs, FIRST_DELAY_MS * 2 ** Math.min(failures - policy.limit, 20));
  await deps.clock.sleep(delay);
}

/** A wrong password: the reserved attempts stay counted, and the account's failures grow. */
export async function recordFailure(deps: Pick<Deps, "db">, attempt: Attempt): Promise<void> {
  await counters.hit(deps.db, [attempt.accountKey], LOGIN_WINDOW_SECONDS);
}

/** A right password: this address starts afresh for the account, and the address gets its attempt back. */
export async function recordSuccess(deps: Pick<Deps, "db">, attempt: Attempt): Promise<void> {
  await counters.resetAndGiveBack(deps.db, [attempt.accountAddressKey], [attempt.addressKey]);
}

/** recordSuccess as two data-modifying CTEs, for a sign-in written in one statement; they apply when `when` holds. */
export function recordSuccessCtes(attempt: Attempt, when: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    success_reset AS (${counters.resetSql(Prisma.sql`ARRAY[${attempt.accountAddressKey}::text]`, when)}),
    success_given AS (${counters.giveBackSql(Prisma.sql`ARRAY[${attempt.addressKey}::text]`, when)})`;
}

/**
 * The right password on an account that still asks for its second factor:
 * neither a failure nor a success. The reserved attempts are given back and
 * nothing is cleared, so asking for the code cannot wipe earlier failures.
 */
export async function releaseAttempt(deps: Pick<Deps, "db">, attempt: Attempt): Promise<void> {
  await counters.giveBack(deps.db, [attempt.accountAddressKey, attempt.addressKey]);
}

function stateOf(policy: string, counter: counters.Counter, limit: number): RateLimitState {
  return counters.limitState(policy, counter, limit, LOGIN_WINDOW_SECONDS);
}

function tooMany(state: RateLimitState, message: string): ServiceError {
  return counters.rateLimited(state, message, "login_rate_limited");
}
