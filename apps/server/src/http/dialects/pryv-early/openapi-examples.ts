import type { OperationExamples } from "../../shared/openapi-document.ts";

/**
 * Examples on the main operations of the early Pryv admin methods, shown in
 * their document and docs page. Each is what the server answers (captured
 * from a real exchange, the secrets replaced); test/openapi.test.ts parses
 * every one with its route's schema, so they cannot drift from the contracts.
 */

const CHANNEL_ID = "139adc01-6e72-4943-80b4-1843a9261130";
const TOKEN_ID = "ea2622b8-6ced-48b8-90db-e24f091b1304";

const aliceInfo = {
  userName: "alice",
  email: "alice@example.com",
  displayName: "Alice Martin",
  firstName: "Alice",
  lastName: "Martin",
  language: "fr",
  phone: null,
};

const diary = { id: CHANNEL_ID, name: "Diary", color: "#3366cc", clientData: {}, trashed: false };
const readDiary = [{ channelId: CHANNEL_ID, level: "read" }];

export const PRYV_EARLY_EXAMPLES: Record<string, OperationExamples> = {
  login: {
    request: { userName: "alice", password: "a-long-passphrase", appId: "diary-app" },
    responses: {
      200: { sessionID: "sts_vXDS4_XqFjxKKsykS5IMJMI4PSwLzoLf69FVOXlmFLk" },
      401: { error: { id: "INVALID_CREDENTIALS", message: "Wrong username or password" } },
    },
  },
  getUserInfo: { responses: { 200: aliceInfo } },
  updateUserInfo: {
    request: { phone: "+33612345678" },
    responses: { 200: { ...aliceInfo, phone: "+33612345678" } },
  },
  getMyToken: {
    responses: { 200: { id: "f0a82589-2010-4c6f-9c9e-91185b1e3167", token: "sta__Wd-Jn-CIEXMfwBO6W4LaRNeRA_vxt7R3XLKR4QsXHg" } },
  },
  listChannels: { responses: { 200: [diary] } },
  createChannel: {
    request: { name: "Diary", color: "#3366cc" },
    responses: { 201: { id: CHANNEL_ID } },
  },
  updateChannel: {
    parameters: { id: CHANNEL_ID },
    request: { name: "My diary", clientData: { icon: "book" } },
    responses: {
      200: { ...diary, name: "My diary", clientData: { icon: "book" } },
      404: { error: { id: "UNKNOWN_CHANNEL", message: "Channel not found" } },
    },
  },
  listTokens: {
    responses: { 200: [{ id: TOKEN_ID, name: "Family", type: "shared", permissions: readDiary, expires: null, lastUsed: null }] },
  },
  createToken: {
    request: { name: "Family", permissions: readDiary },
    responses: { 201: { id: TOKEN_ID, token: "sta_xVxKdu4hUaxvjCA3NeGf3nr9oBzAEDmzCNTDD2LDm6k" } },
  },
};
