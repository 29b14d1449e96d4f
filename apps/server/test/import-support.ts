import { createCipheriv, scryptSync } from "node:crypto";
import { expect } from "vitest";
import type { TestServer } from "./harness.ts";
import { expectContractAnswer } from "./support/contract-check.ts";

// What the bulk import and export tests share: sending a streamed body and
// reading the streamed answer, and Firebase's scrypt computed as published.

export interface ImportAnswer {
  status: number;
  /** The NDJSON lines of a 200; the problem of a refusal. */
  lines: any[];
  summary: any;
  body: any;
}

/** Sends an import body (text, or a stream of chunks) and reads the streamed answer (a refusal is checked against the contract). */
export async function importBody(
  t: Pick<TestServer, "url" | "adminToken">,
  body: string | ReadableStream<Uint8Array>,
  options: { type?: string; query?: string; token?: string | null; headers?: Record<string, string> } = {},
): Promise<ImportAnswer> {
  const path = `/api/v1/users/import${options.query ? `?${options.query}` : ""}`;
  const token = options.token === undefined ? t.adminToken : options.token;
  const headers: Record<string, string> = { "content-type": options.type ?? "application/x-ndjson", ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(t.url + path, {
    method: "POST",
    headers,
    body,
    ...(typeof body === "string" ? {} : { duplex: "half" }),
  } as RequestInit);
  const text = await response.text();
  if (response.status !== 200) {
    const problem = JSON.parse(text);
    expectContractAnswer("POST", path, { status: response.status, headers: response.headers, body: problem });
    return { status: response.status, lines: [problem], summary: undefined, body: problem };
  }
  expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
  const lines = text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const summary = lines.at(-1);
  expect(summary?.type, text.slice(0, 500)).toBe("summary");
  return { status: 200, lines, summary, body: text };
}

/** An export's whole answer, as text. */
export async function exportText(t: Pick<TestServer, "url" | "adminToken">, query = "", token: string | null = t.adminToken) {
  const response = await fetch(`${t.url}/api/v1/users/export${query ? `?${query}` : ""}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** Rows (objects, or raw lines) as an NDJSON body. */
export const ndjson = (rows: unknown[]) => rows.map((row) => (typeof row === "string" ? row : JSON.stringify(row))).join("\n") + "\n";

/** The password hash a user has in the database now. */
export async function storedHashOf(t: TestServer, username: string): Promise<string | null> {
  return (await t.server.db.prisma.user.findFirstOrThrow({ where: { username }, select: { passwordHash: true } })).passwordHash;
}

export interface FirebaseParams {
  signerKey: string;
  saltSeparator: string;
  rounds: number;
  memCost: number;
}

/** Firebase's modified scrypt as published: scrypt(password, salt ‖ separator, N = 2^memCost, r = rounds, p = 1), then AES-256-CTR (zero IV) of the signer key. */
export function firebaseScrypt(password: string, salt: Buffer, params: FirebaseParams): string {
  const key = scryptSync(password, Buffer.concat([salt, Buffer.from(params.saltSeparator, "base64")]), 32, {
    N: 2 ** params.memCost,
    r: params.rounds,
    p: 1,
    maxmem: 64 * 1024 * 1024,
  });
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.from(params.signerKey, "base64")), cipher.final()]).toString("base64");
}

/** The example in the README of Firebase's own scrypt tool: these parameters and salt make this hash of `user1password`. */
export const FIREBASE_VECTOR = {
  params: {
    signerKey: "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==",
    saltSeparator: "Bw==",
    rounds: 8,
    memCost: 14,
  },
  salt: "42xEC+ixf3L2lw==",
  password: "user1password",
  hash: "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==",
};

/** passlib's adapted base64 (`.` for `+`, no padding), for `$scrypt$` hashes. */
export const ab64 = (bytes: Buffer) => bytes.toString("base64").replace(/=+$/, "").replace(/\+/g, ".");
