// One migrated embedded database for a whole test run (server, SDK and
// console suites). Creating a PGlite database (initdb) and applying the
// migrations costs seconds of CPU, and the suites start a server on a new
// in-memory database for nearly every test file. A run's global setup does
// it once, through the product's code (`migratedEmbeddedSnapshot` of
// @steward/db: opened and migrated as a server does), and keeps the data
// directory as a tarball in a temporary file; a test's in-memory server then
// starts from a copy of it (`embeddedSnapshot`, PGlite's `loadDataDir`), by
// the same code path otherwise. Servers on PostgreSQL or a PGlite folder, and
// the server test that checks the migrations themselves, start empty.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** For a global setup: writes the snapshot `make` returns to a temporary file; `remove` deletes it after the run. */
export async function writeEmbeddedSnapshot(make: () => Promise<Blob>): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "steward-snapshot-"));
  const file = path.join(dir, "migrated.tar");
  await writeFile(file, new Uint8Array(await (await make()).arrayBuffer()));
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The tarball as a Blob whose `arrayBuffer()` is a plain copy of bytes read
 * once: Node's own Blob reads a large one back in small chunks, which cost
 * a server start about a third of a second. A copy each time, because the
 * database that loads it may keep and change what it is given.
 */
class SnapshotBlob extends Blob {
  readonly #bytes: Uint8Array<ArrayBuffer>;
  constructor(bytes: Uint8Array) {
    // A plain Uint8Array (a Buffer's `slice` would share its memory, not copy it).
    const copy = new Uint8Array(bytes);
    super([copy]);
    this.#bytes = copy;
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#bytes.slice().buffer;
  }
}

const opened = new Map<string, Promise<Blob>>();

/** In a test file: the snapshot the global setup wrote to `file` (read once per process), or undefined without one. */
export function readEmbeddedSnapshot(file: string | undefined): Promise<Blob> | undefined {
  if (!file) return undefined;
  let blob = opened.get(file);
  if (!blob) opened.set(file, (blob = readFile(file).then((bytes) => new SnapshotBlob(bytes))));
  return blob;
}
