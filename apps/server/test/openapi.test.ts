import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { isAppRoute, isAppRouteOtherResponse, isZodType, type AppRoute, type AppRouter } from "@ts-rest/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TextSchema, WELL_FORMED_TEXT, v1Contract } from "@steward/contracts";
import { DIALECT_DOCUMENTS } from "../src/http/dialects/openapi.ts";
import { openApiDocuments } from "../src/http/openapi-documents.ts";
import type { OperationExamples } from "../src/http/shared/openapi-document.ts";
import { matchesEtag } from "../src/http/shared/openapi-serve.ts";
import { V1_EXAMPLES } from "../src/http/v1/openapi-examples.ts";
import { startTestServer, type TestServer } from "./harness.ts";
import { PLEROMA_PREFIX, PROSODY_PREFIX, PRYV_PREFIX, PTERODACTYL_PREFIX } from "./support/contract-check.ts";

type Json = any;
const documents = openApiDocuments() as Record<string, Json>;

/** Where each document is served on the test server (every dialect at its default base path). */
const SERVED: Record<string, string> = {
  v1: "/api/v1/openapi.json",
  prosody: `${PROSODY_PREFIX}/openapi.json`,
  pleroma: `${PLEROMA_PREFIX}/openapi.json`,
  pterodactyl: `${PTERODACTYL_PREFIX}/openapi.json`,
  "pryv-early": `${PRYV_PREFIX}/admin/openapi.json`,
  pryv: `${PRYV_PREFIX}/openapi.json`,
};
const DOCS_PAGES: Record<string, string> = {
  v1: "/api/v1/docs",
  prosody: `${PROSODY_PREFIX}/docs`,
  pleroma: `${PLEROMA_PREFIX}/docs`,
  pterodactyl: `${PTERODACTYL_PREFIX}/docs`,
  "pryv-early": `${PRYV_PREFIX}/admin/docs`,
  pryv: `${PRYV_PREFIX}/docs`,
};

/** Each document's examples, by operationId. */
const EXAMPLES: Record<string, Record<string, OperationExamples>> = {
  v1: V1_EXAMPLES,
  ...Object.fromEntries(Object.entries(DIALECT_DOCUMENTS).map(([name, doc]) => [name, doc.examples ?? {}])),
};
/** The operations each document shows examples on at least: its users (list, read, create), signing in, and what the surface is for. */
const MAIN_OPERATIONS: Record<string, string[]> = {
  v1: ["login", "listUsers", "createUser", "getUser", "updateUser", "createInvite", "createApiKey", "getMe"],
  // No route creates an account: an invite does.
  prosody: ["listUsers", "getUser", "updateUser", "createInviteForAccount"],
  pleroma: ["listUsers", "getUser", "createUser", "createInviteToken"],
  pterodactyl: ["listUsers", "getUser", "createUser", "updateUser"],
  pryv: ["login", "listAdminUsers", "getAdminUser", "createAdminUser", "getPlatformUser"],
  // An account administering itself: no list of users, no user made here.
  "pryv-early": ["login", "getUserInfo", "updateUserInfo", "createToken", "createChannel", "listChannels"],
};
/** The content type of a surface's error answers, where the route says none of its own (OpenApiDocumentOptions.errorContentType). */
const errorContentType = (name: string) => (name === "v1" ? "application/problem+json" : "application/json");
const contractOf = (name: string): AppRouter => (name === "v1" ? v1Contract : DIALECT_DOCUMENTS[name as keyof typeof DIALECT_DOCUMENTS].contract);

function operations(doc: Json): { path: string; method: string; op: Json }[] {
  return Object.entries(doc.paths).flatMap(([path, methods]: [string, Json]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
}

/** Every object in `value`, depth first, with where it is. */
function* nodes(value: Json, at = "#"): Generator<{ node: Json; at: string }> {
  if (!value || typeof value !== "object") return;
  yield { node: value, at };
  for (const [key, child] of Object.entries(value)) yield* nodes(child, `${at}/${key}`);
}

function resolveResponse(doc: Json, response: Json): Json {
  return response.$ref ? doc.components.responses[response.$ref.split("/").pop()] : response;
}

function routes(router: AppRouter): Record<string, AppRoute> {
  return Object.fromEntries(Object.entries(router).flatMap(([key, entry]) => (isAppRoute(entry) ? [[key, entry]] : Object.entries(routes(entry as AppRouter)))));
}

describe("the documents (as generated)", () => {
  it("name their schemas as components, referred to by $ref: the problem schema once", () => {
    const v1 = documents.v1;
    expect(Object.keys(v1.components.schemas)).toEqual(
      expect.arrayContaining(["User", "UserPage", "Problem", "FieldError", "CreateUser", "UpdateUser", "Invite", "InvitePage", "ApiKey", "LoginSession", "Me", "Group"]),
    );
    // Each dialect's own shapes, its error first.
    expect(Object.keys(documents.prosody.components.schemas)).toEqual(expect.arrayContaining(["ProsodyError", "ProsodyUser", "ProsodyGroup"]));
    expect(Object.keys(documents.pleroma.components.schemas)).toEqual(expect.arrayContaining(["PleromaError", "PleromaUser", "PleromaUserList"]));
    expect(Object.keys(documents.pterodactyl.components.schemas)).toEqual(expect.arrayContaining(["PterodactylError", "PterodactylUser", "PterodactylUserList"]));
    expect(Object.keys(documents.pryv.components.schemas)).toEqual(expect.arrayContaining(["PryvError", "PryvFailure", "PryvAdminUser"]));
    expect(Object.keys(documents["pryv-early"].components.schemas)).toEqual(expect.arrayContaining(["PryvEarlyError", "PryvEarlyChannel", "PryvEarlyToken"]));

    const problem = JSON.stringify(v1.components.schemas.Problem);
    const copies = [...nodes(v1)].filter(({ node }) => JSON.stringify(node) === problem);
    expect(copies.map(({ at }) => at)).toEqual(["#/components/schemas/Problem"]);
    // The v1 document was 1.8 MB with the problem schema pasted 884 times.
    expect(JSON.stringify(v1).length).toBeLessThan(400_000);

    for (const [name, doc] of Object.entries(documents)) {
      const refs = [...nodes(doc)].flatMap(({ node }) => (typeof node.$ref === "string" ? [node.$ref as string] : []));
      for (const ref of refs) {
        const [, kind, component] = /^#\/components\/(schemas|responses)\/(.+)$/.exec(ref) ?? [];
        expect(kind && doc.components[kind][component!], `${name}: ${ref}`).toBeTruthy();
      }
      const used = new Set(refs);
      for (const component of Object.keys(doc.components.schemas)) expect(used.has(`#/components/schemas/${component}`), `${name}: ${component} unused`).toBe(true);
    }
  });

  it("declare v1's errors application/problem+json, and each dialect's errors in its own content type", () => {
    let v1Errors = 0;
    for (const [name, doc] of Object.entries(documents)) {
      for (const { path, method, op } of operations(doc)) {
        for (const [status, response] of Object.entries(op.responses) as [string, Json][]) {
          if (Number(status) < 400) continue;
          const types = Object.keys(resolveResponse(doc, response).content);
          const expected = name === "v1" ? "application/problem+json" : name === "pryv" && status === "400" ? "text/plain" : "application/json";
          expect(types, `${name} ${method} ${path} ${status}`).toEqual([expected]);
          if (name === "v1") v1Errors++;
        }
      }
    }
    expect(v1Errors).toBeGreaterThan(800);
  });

  it("are OpenAPI 3.1 throughout: null as a type, numeric exclusive bounds", () => {
    for (const [name, doc] of Object.entries(documents)) {
      expect(doc.openapi, name).toBe("3.1.0");
      for (const { node, at } of nodes(doc)) {
        expect("nullable" in node && typeof node.nullable === "boolean", `${name} ${at}`).toBe(false);
        for (const key of ["exclusiveMinimum", "exclusiveMaximum"]) if (key in node) expect(typeof node[key], `${name} ${at}`).toBe("number");
      }
    }
    // A nullable reference: the component or null.
    expect(documents.v1.components.schemas.Me.properties.user).toMatchObject({ anyOf: [{ $ref: "#/components/schemas/User" }, { type: "null" }] });
    expect(documents.v1.components.schemas.User.properties.email.type).toEqual(["string", "null"]);
  });

  it("say once that strings refuse NUL and unpaired surrogates, instead of a pattern on every string", () => {
    for (const [name, doc] of Object.entries(documents)) {
      expect(JSON.stringify(doc), name).not.toContain(JSON.stringify(WELL_FORMED_TEXT.source).slice(1, -1));
      expect([...nodes(doc)].filter(({ node }) => node.pattern === WELL_FORMED_TEXT.source), name).toEqual([]);
      expect(doc.info.description, name).toMatch(/NUL character or an unpaired UTF-16 surrogate/);
    }
    // Other patterns stay: the username's.
    expect(documents.v1.components.schemas.CreateUser.properties.username.pattern).toBe("^[A-Za-z0-9][A-Za-z0-9._-]*$");
  });

  it("tag every operation with one described tag per resource, and name it by its route's key", () => {
    expect(documents.v1.tags.map((tag: Json) => tag.name).sort()).toEqual(Object.keys(v1Contract).sort());
    for (const [name, doc] of Object.entries(documents)) {
      const declared = new Map(doc.tags.map((tag: Json) => [tag.name, tag.description]));
      for (const description of declared.values()) expect(description, name).toMatch(/\w/);
      const ids = operations(doc).map(({ op }) => op.operationId);
      expect(new Set(ids).size, name).toBe(ids.length);
      expect(ids.sort(), name).toEqual(Object.keys(routes(contractOf(name))).sort());
      for (const { op } of operations(doc)) {
        expect(op.tags, `${name} ${op.operationId}`).toHaveLength(1);
        expect(declared.has(op.tags[0]), `${name} ${op.operationId}`).toBe(true);
      }
    }
    expect(documents.v1.servers).toEqual([{ url: "/api/v1" }]);
    expect(documents.prosody.servers).toEqual([{ url: PROSODY_PREFIX }]);
    expect(documents["pryv-early"].servers).toEqual([{ url: PRYV_PREFIX }]);
  });

  it("show examples on the main operations, each one its route's schemas accept, in the media type the document declares", () => {
    for (const [name, doc] of Object.entries(documents)) {
      const shown = EXAMPLES[name]!;
      for (const id of MAIN_OPERATIONS[name]!) expect(shown[id], `${name} ${id}`).toBeDefined();
      const errors = Object.values(shown).flatMap((example) => Object.keys(example.responses ?? {}).filter((status) => Number(status) >= 400));
      expect(errors.length, `${name}: an error answer, in the surface's own shape`).toBeGreaterThan(0);

      const contractRoutes = routes(contractOf(name));
      const byId = new Map(operations(doc).map(({ op }) => [op.operationId, op]));
      for (const [id, examples] of Object.entries(shown)) {
        const at = `${name} ${id}`;
        const route = contractRoutes[id]!;
        const op = byId.get(id);
        for (const [parameter, value] of Object.entries(examples.parameters ?? {})) {
          const declared = op.parameters.find((candidate: Json) => candidate.name === parameter);
          expect(declared.example, `${at} parameter ${parameter}`).toEqual(value);
          const object = { path: route.pathParams, query: route.query, header: route.headers }[declared.in as "path" | "query" | "header"];
          const field = isZodType(object) ? (object as Json).shape?.[parameter] : undefined;
          expect(isZodType(field) && field.safeParse(value).error, `${at} parameter ${parameter}`).toBeUndefined();
        }
        if (examples.request !== undefined) {
          const body = (route as { body?: unknown }).body;
          expect(isZodType(body) && body.safeParse(examples.request).error, `${at} request`).toBeUndefined();
          const contentType = ("contentType" in route && route.contentType) || "application/json";
          expect(op.requestBody.content[contentType].example, `${at} request`).toEqual(examples.request);
        }
        for (const [status, example] of Object.entries(examples.responses ?? {})) {
          const response = route.responses[Number(status) as keyof typeof route.responses];
          // An answer in a content type of its own (Pryv's plain-text 400) declares it; others are JSON, errors in the surface's error type.
          const other = isAppRouteOtherResponse(response) ? response : undefined;
          const schema = other ? other.body : response;
          expect(isZodType(schema) && schema.safeParse(example).error, `${at} ${status}`).toBeUndefined();
          const mediaType = other?.contentType ?? (Number(status) >= 400 ? errorContentType(name) : "application/json");
          expect(op.responses[status].content?.[mediaType]?.example, `${at} ${status} as ${mediaType}`).toEqual(example);
        }
      }
    }
  });
});

describe("the runtime guard the documents no longer repeat", () => {
  it("still refuses NUL and unpaired surrogates in every text, and takes paired ones", () => {
    for (const text of ["a\u0000b", "\ud800", "x\udc00", "\udc00\ud800"]) expect(TextSchema.safeParse(text).success, JSON.stringify(text)).toBe(false);
    for (const text of ["", "plain", "😀 paired", "é"]) expect(TextSchema.safeParse(text).success, text).toBe(true);
  });
});

describe("serving", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A raw GET: fetch would undo the compression this looks at. */
  function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = request(t.url + path, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("serves each document as generated, with a weak ETag (it is sent compressed or not), 304 to a matching If-None-Match, compressed when asked", async () => {
    for (const [name, path] of Object.entries(SERVED)) {
      const first = await get(path, { "accept-encoding": "identity" });
      expect(first.status, name).toBe(200);
      expect(first.headers["content-type"], name).toBe("application/json; charset=utf-8");
      expect(JSON.parse(first.body.toString("utf8")), name).toEqual(documents[name]);
      const etag = first.headers.etag as string;
      expect(etag, name).toMatch(/^W\/"[A-Za-z0-9_-]{20,}"$/);
      expect((await get(path)).headers.etag, `${name}: the same tag each time`).toBe(etag);

      const opaque = etag.slice(2);
      for (const ifNoneMatch of [etag, opaque, `"other", ${etag}`, `"other", ${opaque}`, "*"]) {
        const notModified = await get(path, { "if-none-match": ifNoneMatch });
        expect(notModified.status, `${name} ${ifNoneMatch}`).toBe(304);
        expect(notModified.body.length).toBe(0);
        expect(notModified.headers.etag).toBe(etag);
        expect(notModified.headers["cache-control"]).toMatch(/^public, max-age=\d+$/);
      }
      expect((await get(path, { "if-none-match": '"something-else"' })).status, name).toBe(200);

      const gzip = await get(path, { "accept-encoding": "gzip" });
      expect(gzip.headers["content-encoding"], name).toBe("gzip");
      expect(gunzipSync(gzip.body).equals(first.body), name).toBe(true);
      expect(gzip.body.length, name).toBeLessThan(first.body.length / 3);
      expect(gzip.headers.etag, `${name}: the compressed answer's tag is the same weak one`).toBe(etag);
    }
  });

  it("serves a docs page for each surface, on the shared Swagger UI assets, naming its own document", async () => {
    for (const [name, path] of Object.entries(DOCS_PAGES)) {
      const res = await fetch(t.url + path);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-type"), name).toMatch(/^text\/html/);
      expect(res.headers.get("content-security-policy"), name).toContain("script-src 'self'");
      const html = await res.text();
      expect(html, name).toContain(`data-url="${SERVED[name]}"`);
      expect(html, name).toContain(`<title>${documents[name].info.title}</title>`);
      expect(html, name).toContain('src="/api/v1/docs/assets/swagger-ui-bundle.js"');
      expect(html, name).toContain('src="/api/v1/docs/init.js"');
    }
  });

  it("parses If-None-Match as RFC 9110 says: weak comparison, lists, *", () => {
    expect(matchesEtag(undefined, '"a"')).toBe(false);
    expect(matchesEtag('"a"', '"a"')).toBe(true);
    expect(matchesEtag('W/"a"', '"a"')).toBe(true);
    expect(matchesEtag('"b" , W/"a"', '"a"')).toBe(true);
    expect(matchesEtag('"a"', 'W/"a"')).toBe(true);
    expect(matchesEtag('W/"a"', 'W/"a"')).toBe(true);
    expect(matchesEtag('"b"', 'W/"a"')).toBe(false);
    expect(matchesEtag('"ab"', '"a"')).toBe(false);
    expect(matchesEtag(" * ", '"a"')).toBe(true);
  });

  it("keeps refusing NUL and unpaired surrogates on the wire, in body, query and path", async () => {
    const body = await t.api("POST", "/api/v1/users", { body: { username: "nul\u0000name", password: "a-long-passphrase" } });
    expect(body.status).toBe(400);
    expect(body.body.errors.map((error: Json) => error.path)).toContain("body.username");
    const surrogate = await t.api("POST", "/api/v1/users", { rawBody: '{"username":"lone\\ud800","password":"a-long-passphrase"}', headers: { "content-type": "application/json" } });
    expect(surrogate.status).toBe(400);
    const query = await t.api("GET", "/api/v1/users?q=a%00b");
    expect(query.status).toBe(400);
    expect(query.body.errors.map((error: Json) => error.path)).toContain("query.q");
    const path = await t.api("GET", `${PROSODY_PREFIX}/users/a%00b`);
    expect(path.status).toBe(400);
  });
});
