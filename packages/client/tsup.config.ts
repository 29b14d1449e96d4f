import { defineConfig } from "tsup";

// The contracts package is private to this repository, so it is bundled in
// (code and types); ts-rest and zod stay ordinary dependencies.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: { resolve: [/^@steward\//] },
  noExternal: ["@steward/contracts"],
  clean: true,
  sourcemap: true,
  target: "es2022",
});
