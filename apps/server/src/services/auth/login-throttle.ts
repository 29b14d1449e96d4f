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

/**
 * Counts the attempt against its (account, address) and its address before
 * anything is verified, so parallel guesses cannot outrun the limit: each
 * one takes a number, and those past the limit are refused (429) unchecked.
 * `account` is the user's id when the name or email is known (username and
 * email are one account), else the name as typed.
 */
export async function reserveAttempt(deps: Pick<Deps, "db" | "settings">, account: string, address: string | null): Promise<Attempt> {
  const policy = deps.settings.login;
  const from = address ?? "unknown";
  const attempt = {
    accountKey: `login:account:${account}`,
    accountAddressKey: `login:account-address:${account}|${from}`,
    addressKey: `login:address:${from}`,
  };
  // One statement: both counters hit, and the account's failures read for holdBack.
  const { counters: hits, read: accountFailures } = await counters.hitAndRead(
    deps.db,
    [attempt.accountAddressKey, attempt.addressKey],
    attempt.accountKey,
    LOGIN_WINDOW_SECONDS,
  );
  const [pair, byAddress] = hits;
  const state = stateOf("login", pair!, policy.limit);
  if (pair!.count > policy.limit) throw tooMany(state, "Too many failed sign-ins for this account from your address; try again later");
  const addressLimit = policy.limit * ADDRESS_LIMIT_FACTOR;
  if (byAddress!.count > addressLimit) {
    throw tooMany(stateOf("login-address", byAddress!, addressLimit), "Too many failed sign-ins from your address; try again later");
  }
  return { ...attempt, state, accountFailures };
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
