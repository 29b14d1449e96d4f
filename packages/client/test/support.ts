import { afterAll, beforeAll, expect, inject } from "vitest";
import { startEphemeralServer, type RunningServer } from "@steward/server";
import { StewardClient, StewardError } from "../src/index.js";
import { readEmbeddedSnapshot } from "../../../tooling/testing/embedded-snapshot.ts";

/** The run's migrated embedded database (global-setup.ts) a test's server starts from: `startEphemeralServer(env, { embeddedSnapshot: await embeddedSnapshot() })`. */
export function embeddedSnapshot(): Promise<Blob> | undefined {
  return readEmbeddedSnapshot(inject("embeddedSnapshotFile"));
}

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
    t.server = await startEphemeralServer(
      { STEWARD_ADMIN_USERNAME: admin.username, STEWARD_ADMIN_PASSWORD: admin.password },
      { embeddedSnapshot: await embeddedSnapshot() },
    );
    t.admin = new StewardClient({ baseUrl: t.server.url });
    await t.admin.login(admin.username, admin.password);
  });
  afterAll(async () => {
    await t.server?.close();
  });
  return t;
}
