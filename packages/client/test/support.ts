import { afterAll, beforeAll, expect } from "vitest";
import { startEphemeralServer, type RunningServer } from "@steward/server";
import { StewardClient, StewardError } from "../src/index.js";

/** Runs `fn`, expects it to throw a StewardError, and returns that error. */
export async function stewardError(fn: () => Promise<unknown>): Promise<StewardError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StewardError);
    return error as StewardError;
  }
  throw new Error("expected a StewardError, but the call succeeded");
}

export interface SignedInServer {
  server: RunningServer;
  /** A client signed in as the first administrator. */
  admin: StewardClient;
}

/**
 * For the calling test file: before its tests, a throwaway server whose first
 * administrator is `admin`, and a client signed in as them; the server
 * stops after its tests. The fields are filled in when the tests run.
 */
export function serverWithAdmin(admin: { username: string; password: string }): SignedInServer {
  const t = {} as SignedInServer;
  beforeAll(async () => {
    t.server = await startEphemeralServer({ STEWARD_ADMIN_USERNAME: admin.username, STEWARD_ADMIN_PASSWORD: admin.password });
    t.admin = new StewardClient({ baseUrl: t.server.url });
    await t.admin.login(admin.username, admin.password);
  });
  afterAll(async () => {
    await t.server?.close();
  });
  return t;
}
