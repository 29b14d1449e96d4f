// Loads @prisma/schema-engine-wasm in plain Node.
//
// The package is a wasm-bindgen "bundler" build: its entry does
// `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20 cannot
// import. So we compile the .wasm ourselves, hand it the JS glue module as its
// import object, and run the same two init steps the entry would.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
// Resolve (without loading) the entry just to learn the package folder.
const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));

let loaded;

export function loadWasm() {
  loaded ??= (async () => {
    const glue = await import(pathToFileURL(path.join(dir, "schema_engine_bg.js")).href);
    const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return glue; // { SchemaEngine, version }
  })();
  return loaded;
}
