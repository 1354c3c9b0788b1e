/**
 * Test support: a TCP proxy on a loopback port in front of a server (e.g. the shared PostgreSQL),
 * which a test can close and open again to simulate the server going away and coming back,
 * without touching the server itself.
 *
 * @module
 */

import { freePort } from "../../bench/process.ts";

/** A proxy that can be taken down and brought back on the same port. */
export interface TcpProxy {
  /** The port clients connect to. */
  port: number;
  /** Starts accepting connections (again). */
  open(): void;
  /** Stops accepting, and cuts every connection in progress. */
  close(): Promise<void>;
}

/**
 * A proxy from a free port (or `port`) of `hostname` (default 127.0.0.1; `::1` for IPv6) to
 * `target`; it starts closed.
 */
export function tcpProxy(
  target: { hostname: string; port: number },
  port = freePort(),
  hostname = "127.0.0.1",
): TcpProxy {
  let listener: Deno.Listener | undefined;
  let accepting: Promise<void> | undefined;
  const open = new Set<Deno.Conn>();
  const serving = new Set<Promise<void>>();
  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    try {
      await from.readable.pipeTo(to.writable);
    } catch { /* cut */ }
    for (const conn of [from, to]) {
      try {
        conn.close();
      } catch { /* already closed */ }
      open.delete(conn);
    }
  };
  const serve = async (client: Deno.Conn) => {
    open.add(client);
    let server: Deno.Conn;
    try {
      server = await Deno.connect(target);
    } catch {
      open.delete(client);
      client.close();
      return;
    }
    open.add(server);
    await Promise.all([pipe(client, server), pipe(server, client)]);
  };
  return {
    port,
    open() {
      if (listener) return;
      const current = Deno.listen({ hostname, port });
      listener = current;
      accepting = (async () => {
        try {
          for await (const conn of current) {
            const done: Promise<void> = serve(conn).finally(() => serving.delete(done));
            serving.add(done);
          }
        } catch { /* closed */ }
      })();
    },
    async close() {
      listener?.close();
      listener = undefined;
      await accepting;
      for (const conn of open) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
      open.clear();
      await Promise.all(serving);
    },
  };
}
