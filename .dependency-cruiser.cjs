// Architecture rules, checked by `pnpm lint` (dependency-cruiser). Paths are
// relative to the repository root. Every rule looks at direct imports,
// type-only imports included (tsPreCompilationDeps).
const SERVER = "^apps/server/src/";
// Tests start real servers: they are exempt from the server's layer rules.
const TEST = "(^|/)test/";

// A package dependency, matched on the resolved path (pnpm puts it under
// node_modules/.pnpm/<name>@<version>/node_modules/<name>/) and, should it not
// resolve, on the bare name.
const pkg = (...names) => {
  const alt = names.join("|");
  return `(^|/)node_modules/(${alt})/|^(${alt})(/|$)`;
};
const DATABASE = [
  "^packages/db/",
  pkg("@steward/db", "@prisma/[^/]+", "pg", "@types/pg", "@electric-sql/pglite"),
];
const EXPRESS = pkg("express", "@types/express", "@types/express-serve-static-core", "@ts-rest/express");

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---- server (apps/server/src) -------------------------------------
    {
      name: "server-http-no-database",
      comment: "HTTP code (v1, dialects, middleware, shared) never holds a database handle: it calls services, which own @steward/db / Prisma / pg / PGlite.",
      severity: "error",
      from: { path: `${SERVER}http/`, pathNot: TEST },
      to: { path: DATABASE },
    },
    {
      name: "server-v1-no-dialects",
      comment: "The /api/v1 surface does not depend on a dialect; code both need lives in http/ outside v1/ and dialects/.",
      severity: "error",
      from: { path: `${SERVER}http/v1/`, pathNot: TEST },
      to: { path: `${SERVER}http/dialects/` },
    },
    {
      name: "server-dialect-isolated",
      comment: "A dialect (http/dialects/<name>) imports nothing from another dialect or from the dialects/ folder outside its own; shared code lives in http/.",
      severity: "error",
      from: { path: `${SERVER}http/dialects/([^/]+)/`, pathNot: TEST },
      to: { path: `${SERVER}http/dialects/`, pathNot: `${SERVER}http/dialects/$1/` },
    },
    {
      name: "server-dialect-no-v1",
      comment: "A dialect does not depend on the /api/v1 surface; code both need lives in http/ outside v1/ and dialects/.",
      severity: "error",
      from: { path: `${SERVER}http/dialects/`, pathNot: TEST },
      to: { path: `${SERVER}http/v1/` },
    },
    {
      name: "server-services-no-http-or-host",
      comment: "A service never sees a request or the server's config: no http/, no config/server/app/main/ephemeral/secret-key/index, no Express.",
      severity: "error",
      from: { path: `${SERVER}services/`, pathNot: TEST },
      to: {
        path: [
          `${SERVER}http/`,
          `${SERVER}(config|server|app|main|ephemeral|secret-key|index)\\.ts$`,
          EXPRESS,
        ],
      },
    },
    {
      name: "server-kernel-is-bottom",
      comment: "services/kernel is the bottom layer of the services: it imports no service outside kernel/.",
      severity: "error",
      from: { path: `${SERVER}services/kernel/`, pathNot: TEST },
      to: { path: `${SERVER}services/`, pathNot: `${SERVER}services/kernel/` },
    },
    {
      name: "server-lib-no-upper-layers",
      comment: "lib/ holds plain helpers below every layer: it imports no service, no http code and not the config.",
      severity: "error",
      from: { path: `${SERVER}lib/`, pathNot: TEST },
      to: { path: [`${SERVER}services/`, `${SERVER}http/`, `${SERVER}config\\.ts$`] },
    },
    {
      name: "server-no-cycles",
      comment: "No import cycles inside apps/server/src, type-only imports included: a cycle means two modules are one layer.",
      severity: "error",
      from: { path: SERVER, pathNot: TEST },
      to: { circular: true },
    },

    // ---- packages ------------------------------------------------------
    {
      name: "contracts-only-zod-and-ts-rest",
      comment: "The contracts are shared with browsers and the SDK: they import only zod, @ts-rest/core, @ts-rest/open-api and themselves.",
      severity: "error",
      from: { path: "^packages/contracts/src/" },
      to: {
        pathNot: ["^packages/contracts/src/", pkg("zod", "@ts-rest/core", "@ts-rest/open-api")],
      },
    },
    {
      name: "db-no-apps-or-api",
      comment: "The database package sits below everything: it imports no app and no other workspace package (not even the API contracts).",
      severity: "error",
      from: { path: "^packages/db/src/" },
      to: {
        path: [
          "^apps/",
          "^packages/(contracts|client)/",
          "^tooling/",
          pkg("@steward/(contracts|client|server|console|bench)"),
        ],
      },
    },
    {
      name: "client-console-via-contracts-only",
      comment: "The SDK and the console reach the server over HTTP through the contracts: no @steward/db, Prisma, pg or server code.",
      severity: "error",
      from: {
        path: "^(packages/client/src/|apps/console/)",
        pathNot: ["(^|/)(\\.next|node_modules)/", TEST],
      },
      to: { path: [...DATABASE, "^apps/server/", pkg("@steward/server")] },
    },
    {
      name: "client-console-v1-contracts-only",
      comment: "The SDK and the console speak /api/v1 only: they import @steward/contracts/v1, never the whole package or a dialect's contract (which would ship every dialect's schemas to browsers and SDK users).",
      severity: "error",
      from: {
        path: "^(packages/client/src/|apps/console/)",
        pathNot: ["(^|/)(\\.next|node_modules)/", TEST],
      },
      to: { path: ["^packages/contracts/src/(index|dialects/)", "^packages/contracts/dist/(index|dialects/)"] },
    },
    {
      name: "client-console-tests-server-entry-only",
      comment: "SDK and console tests may start a real server through @steward/server's entry (apps/server/src/index.ts), nothing deeper, and never the database.",
      severity: "error",
      from: {
        path: "^(packages/client|apps/console)/test/",
      },
      to: {
        path: [...DATABASE, "^apps/server/", pkg("@steward/server")],
        pathNot: "^apps/server/src/index\\.ts$",
      },
    },
    {
      name: "no-relative-dist-or-generated",
      comment: "Another package is imported by its name (its exports), never through a relative path into its dist/ or src/generated/.",
      severity: "error",
      from: { path: "^((apps|packages|tooling)/[^/]+)/" },
      to: {
        path: "^(apps|packages|tooling)/[^/]+/(dist|src/generated)/",
        pathNot: "^$1/",
      },
    },
    {
      name: "imports-resolve",
      comment: "Every import resolves, so no rule above is skipped unseen (a new workspace package needs a path in tsconfig.depcruise.json).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],

  options: {
    // Follow the sources, not the build outputs or the installed packages.
    doNotFollow: {
      path: ["(^|/)node_modules/", "(^|/)dist/", "(^|/)\\.next/", "(^|/)src/generated/"],
    },
    exclude: { path: ["(^|/)\\.next/", "(^|/)\\.turbo/"] },
    moduleSystems: ["es6", "cjs"],
    // Keep type-only imports (import type, export type *) in the graph.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    // The workspace packages resolve to their sources whether or not they are
    // built (contracts and client export dist/ only); the console's `@/...`
    // path is apps/console. See tsconfig.depcruise.json.
    tsConfig: { fileName: "tsconfig.depcruise.json" },
  },
};
