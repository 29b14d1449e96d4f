import net from "node:net";

/**
 * A bare TCP connection to a server, for what an HTTP client library would
 * not do: trickle bytes, ignore backpressure limits, keep sending after an
 * answer. Records what came back and whether the server closed it.
 */
export interface RawConnection {
  socket: net.Socket;
  /** Everything received so far, as text. */
  received(): string;
  /** Resolves once the connection has closed, whoever closed it. */
  closed: Promise<void>;
  isClosed(): boolean;
  /** Resolves once `pattern` has arrived, or null if the connection closed first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray | null>;
}

export function openRaw(baseUrl: string): Promise<RawConnection> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let text = "";
    let closed = false;
    const watchers = new Set<() => void>();
    const closedPromise = new Promise<void>((done) =>
      socket.once("close", () => {
        closed = true;
        watchers.forEach((w) => w());
        done();
      }),
    );
    // A reset after the server closed is one way a connection ends; the test reads `received()`.
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      watchers.forEach((w) => w());
    });
    socket.once("connect", () =>
      resolve({
        socket,
        received: () => text,
        closed: closedPromise,
        isClosed: () => closed,
        waitFor: (pattern) =>
          new Promise((done) => {
            const check = () => {
              const match = pattern.exec(text);
              if (match || closed) {
                watchers.delete(check);
                done(match);
              }
            };
            watchers.add(check);
            check();
          }),
      }),
    );
    socket.once("error", reject);
  });
}

/**
 * Writes `data` one byte every `intervalMs` until it is all sent or the
 * connection closes; says whether it was all sent.
 */
export async function trickle(conn: RawConnection, data: string, intervalMs: number): Promise<{ sentAll: boolean }> {
  for (const byte of data) {
    if (conn.isClosed() || conn.socket.destroyed) return { sentAll: false };
    conn.socket.write(byte);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return { sentAll: !conn.isClosed() };
}

/**
 * Streams `totalBytes` of body in chunks as fast as the connection takes
 * them, until all is written or the connection closes; counts the bytes
 * the connection accepted.
 */
export async function flood(conn: RawConnection, totalBytes: number, chunked: boolean): Promise<{ written: number }> {
  const chunkSize = 64 * 1024;
  const payload = Buffer.alloc(chunkSize, "a");
  const frame = chunked ? Buffer.concat([Buffer.from(`${chunkSize.toString(16)}\r\n`), payload, Buffer.from("\r\n")]) : payload;
  let written = 0;
  while (written < totalBytes && !conn.isClosed() && !conn.socket.destroyed) {
    const accepted = await new Promise<boolean>((resolve) => conn.socket.write(frame, (err) => resolve(!err)));
    if (!accepted) break;
    written += chunkSize;
  }
  if (chunked && written >= totalBytes && !conn.socket.destroyed) conn.socket.write("0\r\n\r\n");
  return { written };
}
