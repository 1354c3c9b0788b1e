/**
 * Serving the connections of an app with WebSocket handlers. Deno's per-connection server
 * (serve_connection.ts) force-closes a WebSocket as soon as the HTTP exchange that upgraded it
 * is over, so such an app cannot be served that way. Instead each accepted connection is
 * relayed, byte for byte, to one `Deno.serve` server on a loopback port, which keeps upgraded
 * sockets open; the inner server sees the relay's local port as the peer's port, and so finds
 * the handler of the connection a request came on. The connection limits apply as without a
 * relay; the relay costs throughput (every byte crosses JavaScript twice).
 *
 * @module
 */

import { closeQuietly } from "./connections.ts";
import { errorResponse } from "./respond.ts";
import type { ConnectionHandler, ConnectionServer, ServeConnection } from "./serve_connection.ts";

/** Relayed serving: {@link ServeConnection} plus the inner server's stop. */
export interface Relay {
  /** Serves one accepted connection through the inner server. */
  serve: ServeConnection;
  /** Stops the inner server gracefully: requests in flight are answered, then all close. */
  shutdown(): Promise<void>;
}

/** Bytes read at once in each direction of a relayed connection. */
const CHUNK_BYTES = 8192;

/** Starts the inner server on a free loopback port. */
export function startRelay(onError: (error: unknown) => Response): Relay {
  const handlers = new Map<number, ConnectionHandler>();
  const inner = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {}, onError },
    (request, info) => {
      const handler = handlers.get(info.remoteAddr.port);
      // Only the relay connects here; anyone else on this host is turned away.
      return handler ? handler(request) : errorResponse(403, "not a relayed connection");
    },
  );
  let stopping: Promise<void> | undefined;
  const shutdown = () => stopping ??= inner.shutdown();
  const serve: ServeConnection = (tcp, signal, handler) => {
    const finished = (async () => {
      let upstream: Deno.TcpConn | undefined;
      const close = () => {
        closeQuietly(tcp);
        if (upstream) closeQuietly(upstream);
      };
      signal.addEventListener("abort", close, { once: true });
      try {
        upstream = await Deno.connect({ hostname: "127.0.0.1", port: inner.addr.port });
        const port = upstream.localAddr.port;
        handlers.set(port, handler);
        try {
          await Promise.all([pump(tcp, upstream), pump(upstream, tcp)]);
        } finally {
          handlers.delete(port);
        }
      } catch { /* the inner server stopped, or the connection was closed */ }
      signal.removeEventListener("abort", close);
      close();
    })();
    const server: ConnectionServer = { finished, shutdown };
    return server;
  };
  return { serve, shutdown };
}

/** Copies `from` to `to` until `from` ends, then ends `to`'s writing side. */
async function pump(from: Deno.TcpConn, to: Deno.TcpConn): Promise<void> {
  const chunk = new Uint8Array(CHUNK_BYTES);
  for (let n = await from.read(chunk); n !== null; n = await from.read(chunk)) {
    for (let sent = 0; sent < n;) sent += await to.write(chunk.subarray(sent, n));
  }
  await to.closeWrite();
}
