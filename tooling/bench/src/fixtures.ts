import pg from "pg";
import { USER_SEARCH_TEXT } from "@steward/db";
import { rng } from "./data.ts";

/**
 * Request inputs taken from the seeded data: real ids and emails, real
 * cursors half-way down the default list, and search fragments that match a
 * modest number of users. Chosen with a fixed seed, so runs compare.
 */
export interface Fixtures {
  ids: string[];
  emails: string[];
  /** Cursors for `sort=-createdAt` (the default), around `deepPosition`. */
  deepCursors: string[];
  deepPosition: number;
  fragments: { q: string; matches: number }[];
  /** Usernames of sampled users who can sign in with the seed's password: local, active, no second factor, a password. */
  loginUsers: string[];
  /** The argon2 parameters (`m=..,t=..,p=..`) of those users' password hashes, as stored. */
  loginHashParams: string[];
  /** Time spent choosing fragments (counting matches), seconds. */
  seconds: number;
}

export interface FixtureOptions {
  url: string;
  sampleSize: number;
  /** Matches a search fragment must have to be used. */
  minMatches: number;
  maxMatches: number;
  fragmentCount: number;
  log: (line: string) => void;
}


/** Same shape as apps/server/src/services/kernel/paging.ts: base64url JSON of the sort and the last row's values. */
export function encodeCursor(sort: string, values: (string | number)[]): string {
  return Buffer.from(JSON.stringify({ s: sort, v: values })).toString("base64url");
}

export async function loadFixtures(opts: FixtureOptions): Promise<Fixtures> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: opts.url });
  await client.connect();
  try {
    const { rows: bounds } = await client.query<{ max: number; n: string }>(
      "SELECT max(numeric_id) AS max, count(*) AS n FROM users",
    );
    const maxId = Number(bounds[0]!.max);
    const total = Number(bounds[0]!.n);
    const r = rng(20261123);
    const wanted = new Set<number>();
    const target = Math.min(opts.sampleSize, total);
    while (wanted.size < target && wanted.size < maxId) wanted.add(1 + Math.floor(r() * maxId));
    const { rows: sample } = await client.query<{
      id: string;
      username: string;
      email: string | null;
      display_name: string | null;
      last_name: string | null;
      can_sign_in: boolean;
      hash_params: string | null;
    }>(
      `SELECT id, username::text AS username, email::text AS email, display_name, last_name,
              (domain IS NULL AND status = 'active' AND NOT mfa_enabled AND password_hash IS NOT NULL) AS can_sign_in,
              substring(password_hash FROM '^\\$argon2id\\$v=19\\$(m=\\d+,t=\\d+,p=\\d+)\\$') AS hash_params
       FROM users WHERE numeric_id = ANY($1::int[]) AND username <> 'admin' ORDER BY numeric_id`,
      [[...wanted]],
    );
    const ids = sample.map((row) => row.id);
    const emails = sample.flatMap((row) => (row.email ? [row.email] : []));
    const signIn = sample.filter((row) => row.can_sign_in);
    const loginUsers = signIn.map((row) => row.username);
    const loginHashParams = [...new Set(signIn.map((row) => row.hash_params ?? "not argon2id"))];

    // Real keyset cursors around the middle of the default (newest first) order.
    const deepPosition = Math.floor(total / 2);
    const { rows: around } = await client.query<{ created_at: Date; id: string }>(
      `SELECT created_at, id FROM users ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 200`,
      [Math.max(0, deepPosition - 100)],
    );
    const deepCursors = around.map((row) => encodeCursor("-createdAt", [row.created_at.toISOString(), row.id]));

    const fragments = await chooseFragments(client, sample, r, opts);
    return { ids, emails, deepCursors, deepPosition, fragments, loginUsers, loginHashParams, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

/**
 * Substrings (3 to 6 characters) of real usernames, names and emails, kept
 * when the server's search would match between minMatches and maxMatches users.
 */
async function chooseFragments(
  client: pg.Client,
  sample: { username: string; email: string | null; display_name: string | null; last_name: string | null }[],
  r: () => number,
  opts: FixtureOptions,
): Promise<{ q: string; matches: number }[]> {
  const chosen: { q: string; matches: number }[] = [];
  const tried = new Set<string>();
  const deadline = performance.now() + 90_000;
  await client.query("SET statement_timeout = '3s'");
  try {
    for (let attempt = 0; attempt < 400 && chosen.length < opts.fragmentCount && performance.now() < deadline; attempt++) {
      const row = sample[Math.floor(r() * sample.length)];
      if (!row) break;
      const sources = [row.username, row.display_name, row.last_name, row.email?.split("@")[0]].filter(
        (s): s is string => Boolean(s && s.length >= 3),
      );
      const source = sources[Math.floor(r() * sources.length)]!.toLowerCase();
      const length = Math.min(source.length, 3 + Math.floor(r() * 4));
      const from = Math.floor(r() * (source.length - length + 1));
      const q = source.slice(from, from + length);
      // Only letters, digits and . _ - ; at least 3 of them letters or digits.
      if (tried.has(q) || !/^[a-z0-9._ -]+$/.test(q) || q.replace(/[^a-z0-9]/g, "").length < 3) continue;
      tried.add(q);
      try {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM users u WHERE ${USER_SEARCH_TEXT} LIKE $1`,
          [`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
        );
        const matches = Number(rows[0]!.n);
        if (matches >= opts.minMatches && matches <= opts.maxMatches) chosen.push({ q, matches });
      } catch (error) {
        if ((error as { code?: string }).code !== "57014") throw error; // statement timeout: too common a fragment
      }
    }
  } finally {
    await client.query("RESET statement_timeout");
  }
  if (chosen.length === 0) opts.log("warning: no search fragment matched a modest number of users");
  return chosen;
}
