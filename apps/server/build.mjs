// Bundles the server into dist/main.js for production: plain `node`, no
// TypeScript loader at run time (faster start, ~35 MB less memory per
// process). Workspace packages (contracts, db with its generated Prisma
// client) are bundled in; everything from node_modules stays external.
import { cpSync, rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });

await build({
  entryPoints: { main: "src/main.ts", cli: "src/cli/main.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: "linked",
  // Resolve @steward/* to their sources; keep third-party packages as imports.
  plugins: [
    {
      name: "externalize-node-modules",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith("@steward/")) return undefined;
          return { path: args.path, external: true };
        });
      },
    },
  ],
  logLevel: "warning",
});

// The server applies these at start-up; the bundle finds them beside itself.
cpSync("../../packages/db/prisma/migrations", "dist/migrations", { recursive: true });
