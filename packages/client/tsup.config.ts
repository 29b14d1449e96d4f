import { existsSync } from "node:fs";
import { defineConfig } from "tsup";

// The contracts package is private to this repository, so it is bundled in,
// code and types alike; only ts-rest and zod stay (real) dependencies.
// - Code: esbuild inlines it (`noExternal`).
// - Types: tsup's own resolver ignores `exports`-only packages such as the
//   contracts, so a `paths` mapping points the declaration bundler
//   (rollup-plugin-dts) at the contracts' built declarations to inline them.
// Both read the contracts' dist, so build @steward/contracts first (turbo's
// `^build` does). test/pack.test.ts checks dist imports no `@steward/` module.
// Only the canonical API's part (`@steward/contracts/v1`): no dialect's schemas go into the SDK.
const contractsTypes = "../contracts/dist/v1/index.d.ts";
if (!existsSync(contractsTypes)) {
  throw new Error(`${contractsTypes} is missing: run \`pnpm --filter @steward/contracts build\` first`);
}

export default defineConfig({
  entry: ["src/index.ts"],
  // ESM (`import`) and CommonJS (`require`): dist/index.js and dist/index.cjs, each
  // with its declarations (index.d.ts, index.d.cts). Both bundle the contracts,
  // which are ESM only, so `require` never meets an ES module.
  format: ["esm", "cjs"],
  dts: {
    resolve: [/^@steward\//],
    compilerOptions: { paths: { "@steward/contracts/v1": [contractsTypes] } },
  },
  noExternal: [/^@steward\/contracts/],
  clean: true,
  sourcemap: true,
  target: "es2022",
});
