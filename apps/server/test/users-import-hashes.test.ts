import { pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { hash as argon2Hash } from "@node-rs/argon2";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";
import { FIREBASE_VECTOR, ab64, firebaseScrypt, importBody, ndjson, storedHashOf } from "./import-support.ts";

// Passwords carried as other systems' hashes: each format, made here by a
// real implementation (bcrypt and argon2 by their bindings, PBKDF2 and
// scrypt by node:crypto, Firebase's scrypt as published, checked against
// its own example), is imported, checked at sign-in, and replaced there by
// an argon2id hash with the server's parameters; a wrong password fails.

const PASSWORD = "correct horse battery";
/** The server's argon2id parameters in the tests (the defaults). */
const OWN_ARGON2 = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

async function signIn(username: string, password: string): Promise<number> {
  const res = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username, password } });
  return res.status;
}

/** Imports one user with this hash, then: a wrong password fails and changes nothing; the right one signs in and the hash becomes argon2id; it signs in again. */
async function roundOf(username: string, passwordHash: unknown, options: { password?: string; extra?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
  const password = options.password ?? PASSWORD;
  const answer = await importBody(t, ndjson([{ username, passwordHash, ...options.extra }]), { headers: options.headers });
  expect(answer.summary, JSON.stringify(answer.summary)).toMatchObject({ created: 1, failed: 0 });
  const imported = await storedHashOf(t, username);
  expect(imported).not.toMatch(OWN_ARGON2);
  expect(await signIn(username, `${password}!`)).toBe(401);
  expect(await storedHashOf(t, username)).toBe(imported);
  expect(await signIn(username, password)).toBe(200);
  const upgraded = await storedHashOf(t, username);
  expect(upgraded).toMatch(OWN_ARGON2);
  expect(await signIn(username, password)).toBe(200);
  expect(await signIn(username, `${password}!`)).toBe(401);
  return imported!;
}

describe("foreign password hashes: checked at sign-in, then replaced by argon2id", () => {
  it("bcrypt ($2b$, and the $2a$ and $2y$ prefixes other libraries write)", async () => {
    const hash = await bcryptHash(PASSWORD, 10);
    expect(await roundOf("bcrypt-b", hash)).toBe(hash);
    await roundOf("bcrypt-a", hash.replace(/^\$2b\$/, "$2a$"));
    await roundOf("bcrypt-y", hash.replace(/^\$2b\$/, "$2y$"));
  });

  it("argon2i and argon2id with other parameters (PHC strings, kept as they are)", async () => {
    const argon2i = await argon2Hash(PASSWORD, { algorithm: 1, memoryCost: 8192, timeCost: 3 });
    expect(await roundOf("argon2i", argon2i)).toBe(argon2i);
    const argon2id = await argon2Hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1 });
    await roundOf("argon2id-cheap", argon2id);
  });

  it("PBKDF2-SHA256 from Django (pbkdf2_sha256$…) and from Keycloak (both export shapes), stored as one form", async () => {
    const salt = "Xy9kQ2pL7rTz";
    const django = `pbkdf2_sha256$10000$${salt}$${pbkdf2Sync(PASSWORD, salt, 10000, 32, "sha256").toString("base64")}`;
    const fromDjango = await roundOf("django", django);
    expect(fromDjango).toMatch(/^\$pbkdf2-sha256\$i=10000\$/);

    const keySalt = randomBytes(16);
    const value = pbkdf2Sync(PASSWORD, keySalt, 27500, 64, "sha256").toString("base64");
    const keycloak = { algorithm: "pbkdf2-sha256", hashIterations: 27500, salt: keySalt.toString("base64"), value };
    const fromKeycloak = await roundOf("keycloak", keycloak);
    expect(fromKeycloak).toBe(`$pbkdf2-sha256$i=27500$${keySalt.toString("base64").replace(/=+$/, "")}$${value.replace(/=+$/, "")}`);
    await roundOf("keycloak-new", {
      type: "password",
      credentialData: JSON.stringify({ hashIterations: 27500, algorithm: "pbkdf2-sha256", additionalParameters: {} }),
      secretData: JSON.stringify({ value, salt: keySalt.toString("base64"), additionalParameters: {} }),
    });
  });

  it("Firebase's modified scrypt: the published example, with the project's parameters in a header or a first line", async () => {
    // The test's own implementation of the published algorithm reproduces Firebase's example.
    expect(firebaseScrypt(FIREBASE_VECTOR.password, Buffer.from(FIREBASE_VECTOR.salt, "base64"), FIREBASE_VECTOR.params)).toBe(FIREBASE_VECTOR.hash);
    const { signerKey, saltSeparator, rounds, memCost } = FIREBASE_VECTOR.params;
    const header = `signerKey=${signerKey}, saltSeparator=${saltSeparator}, rounds=${rounds}, memCost=${memCost}`;
    const stored = await roundOf("firebase-vector", FIREBASE_VECTOR.hash, {
      password: FIREBASE_VECTOR.password,
      extra: { passwordSalt: FIREBASE_VECTOR.salt },
      headers: { "steward-scrypt-parameters": header },
    });
    expect(stored).toMatch(/^\$firebase-scrypt\$n=14,r=8\$/);

    // A user of the same project, hashed here, with the parameters as the body's first line.
    const salt = randomBytes(12);
    const hash = firebaseScrypt(PASSWORD, salt, FIREBASE_VECTOR.params);
    const answer = await importBody(
      t,
      ndjson([{ type: "hashParameters", firebaseScrypt: FIREBASE_VECTOR.params }, { username: "firebase-line", passwordHash: hash, passwordSalt: salt.toString("base64") }]),
    );
    expect(answer.summary).toMatchObject({ rows: 1, created: 1 });
    expect(await signIn("firebase-line", PASSWORD)).toBe(200);
    expect(await storedHashOf(t, "firebase-line")).toMatch(OWN_ARGON2);

    // Without the project's parameters or the salt, such a hash is a row error.
    const missing = await importBody(t, ndjson([{ username: "firebase-bare", passwordHash: hash, passwordSalt: salt.toString("base64") }, { username: "firebase-nosalt", passwordHash: hash }]));
    expect(missing.summary.errors.map((e: any) => [e.line, e.reason])).toEqual([
      [1, "missing_hash_parameters"],
      [2, "unknown_hash_format"],
    ]);
  });

  it("standard scrypt in passlib's form ($scrypt$ln=…)", async () => {
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    await roundOf("passlib-scrypt", `$scrypt$ln=14,r=8,p=1$${ab64(salt)}$${ab64(key)}`);
  });

  it("refuses hashes it cannot check (unknown formats, costs beyond a sign-in's), each a row error", async () => {
    const answer = await importBody(
      t,
      ndjson([
        { username: "md5-user", passwordHash: "5f4dcc3b5aa765d61d8327deb882cf99" },
        { username: "sha1-user", passwordHash: "sha1$abc$0123456789abcdef" },
        { username: "bcrypt-31", passwordHash: `$2b$31$${"a".repeat(53)}` },
        { username: "argon2-huge", passwordHash: `$argon2id$v=19$m=4194304,t=1,p=1$${"A".repeat(22)}$${"B".repeat(43)}` },
        { username: "keycloak-md5", passwordHash: { algorithm: "md5", hashIterations: 1, salt: "AA==", value: "AA==" } },
      ]),
    );
    expect(answer.summary).toMatchObject({ created: 0, failed: 5 });
    expect(answer.summary.errors.every((e: any) => e.reason === "unknown_hash_format" && e.field === "passwordHash")).toBe(true);
  });

  it("a foreign hash checks for a password change too (the current password), and the new one is argon2id", async () => {
    const hash = await bcryptHash(PASSWORD, 8);
    await importBody(t, ndjson([{ username: "changer", passwordHash: hash }]));
    const login = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "changer", password: PASSWORD } });
    expect(login.status).toBe(200);
    const changed = await t.api("POST", "/api/v1/me/password", { token: login.body.token, body: { currentPassword: PASSWORD, newPassword: "a-brand-new-passphrase" } });
    expect(changed.status).toBe(200);
    expect(await storedHashOf(t, "changer")).toMatch(OWN_ARGON2);
  });
});
