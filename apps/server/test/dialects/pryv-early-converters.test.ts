import { describe, expect, it } from "vitest";
import { PryvEarlyBookmarkSchema, PryvEarlyChannelSchema, PryvEarlyTokenSchema, type SharedAccessToken } from "@steward/contracts";
import { fromPryvEarlyToken, fromPryvTime } from "../../src/http/dialects/pryv-early/from-pryv-early.ts";
import { toPryvEarlyBookmark, toPryvEarlyChannel, toPryvEarlyToken, toPryvTime } from "../../src/http/dialects/pryv-early/to-pryv-early.ts";
import { pryvEarlyFailureOf } from "../../src/http/dialects/pryv-early/errors.ts";

const CHANNEL_ID = "3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
const TOKEN_ID = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

describe("to the early Pryv methods' shapes", () => {
  it("times are seconds since the epoch, with the milliseconds as decimals", () => {
    expect(toPryvTime(new Date("2026-12-07T10:00:00.250Z"))).toBe(1796637600.25);
    expect(fromPryvTime(1796637600.25)).toBe("2026-12-07T10:00:00.250Z");
    expect(fromPryvTime(null)).toBeNull();
  });

  it("a shared token keeps its channel levels, its expiry and last use as Pryv times, never a secret", () => {
    const token: SharedAccessToken = {
      id: TOKEN_ID,
      name: "family",
      permissions: [{ channelId: CHANNEL_ID, channelName: "Home", channelTrashed: false, level: "contribute" }],
      expiresAt: "2027-01-01T00:00:00.000Z",
      expired: false,
      lastUsedAt: null,
      createdAt: "2026-12-01T00:00:00.000Z",
      updatedAt: "2026-12-01T00:00:00.000Z",
    };
    const out = toPryvEarlyToken(token);
    expect(PryvEarlyTokenSchema.parse(out)).toEqual({
      id: TOKEN_ID,
      name: "family",
      type: "shared",
      permissions: [{ channelId: CHANNEL_ID, level: "contribute" }],
      expires: 1798761600,
      lastUsed: null,
    });
  });

  it("a channel and a bookmark keep what Pryv's clients read", () => {
    const channel = toPryvEarlyChannel({
      id: CHANNEL_ID,
      name: "Work",
      color: "#112233",
      clientData: { icon: "b" },
      trashed: true,
      trashedAt: "2026-12-01T00:00:00.000Z",
      createdAt: "2026-12-01T00:00:00.000Z",
      updatedAt: "2026-12-01T00:00:00.000Z",
    });
    expect(PryvEarlyChannelSchema.parse(channel)).toEqual({ id: CHANNEL_ID, name: "Work", color: "#112233", clientData: { icon: "b" }, trashed: true });
    const bookmark = toPryvEarlyBookmark({ id: TOKEN_ID, name: "B", url: "https://b.example.org/", accessToken: null, createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-01T00:00:00.000Z" });
    expect(PryvEarlyBookmarkSchema.parse(bookmark)).toEqual({ id: TOKEN_ID, name: "B", url: "https://b.example.org/", accessToken: null });
  });
});

describe("from the early Pryv methods' shapes", () => {
  it("`expires` becomes `expiresAt`; absent stays absent, null stays null", () => {
    expect(fromPryvEarlyToken({ name: "x", permissions: [], expires: 1798761600 })).toEqual({ name: "x", permissions: [], expiresAt: "2027-01-01T00:00:00.000Z" });
    expect(fromPryvEarlyToken({ name: "x", expires: null })).toEqual({ name: "x", expiresAt: null });
    expect(fromPryvEarlyToken({ name: "x" })).toEqual({ name: "x" });
  });
});

describe("failures in the document's words", () => {
  it("names the document's ids by reason, Steward's by status; no 409 or 422", () => {
    const of = (code: Parameters<typeof pryvEarlyFailureOf>[0]["code"], reason?: string) => pryvEarlyFailureOf({ code, detail: "d", reason });
    expect(of("unprocessable_entity", "wrong_password")).toEqual({ status: 400, body: { error: { id: "WRONG_PASSWORD", message: "d" } } });
    expect(of("unprocessable_entity", "weak_password").body.error.id).toBe("INVALID_NEW_PASSWORD");
    expect(of("unprocessable_entity", "common_password").body.error.id).toBe("INVALID_NEW_PASSWORD");
    expect(of("not_found", "access_token_not_found")).toMatchObject({ status: 404, body: { error: { id: "UNKNOWN_TOKEN" } } });
    expect(of("not_found", "channel_not_found").body.error.id).toBe("UNKNOWN_CHANNEL");
    expect(of("not_found", "bookmark_not_found").body.error.id).toBe("UNKNOWN_BOOKMARK");
    expect(of("unauthorized", "bad_credentials")).toMatchObject({ status: 401, body: { error: { id: "INVALID_CREDENTIALS" } } });
    expect(of("conflict", "channel_name_taken")).toMatchObject({ status: 400, body: { error: { id: "ITEM_ALREADY_EXISTS" } } });
    expect(of("bad_request", "invalid_request")).toMatchObject({ status: 400, body: { error: { id: "INVALID_PARAMETERS_FORMAT" } } });
    expect(of("unprocessable_entity", "invalid_bookmark_url")).toMatchObject({ status: 400, body: { error: { id: "INVALID_PARAMETERS_FORMAT" } } });
    expect(of("internal_server_error")).toMatchObject({ status: 500, body: { error: { id: "UNEXPECTED_ERROR" } } });
  });
});
