/**
 * The HTTP listener of one isolate: accepts TCP connections on the port, refuses those past the
 * connection limit with a raw 503, and serves each of the others with Deno's server, tracked by
 * {@link Connections} for its time limits. Stopping closes the listener, closes idle
 * connections, and lets the others answer what is in flight first.
 *
 * @module
 */

import type { Logger } from "../../plugin.ts";
import { type Connection, type ConnectionLimits, Connections } from "./connections.ts";
import { type Relay, startRelay } from "./relay.ts";
import { connectionServer } from "./serve_connection.ts";

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Address to listen on. */
  hostname: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** Share the port with other listeners (the process's other isolates). */
  reusePort: boolean;
  /** Relay every connection (relay.ts): the app has WebSocket handlers. */
  relay: boolean;
  /** Limits on the connections. */
  limits: ConnectionLimits;
  /** Answers a request that arrived on `conn`, until another handler is attached. */
  handler: ConnectionHandler;
  /** Answers when `handler` throws. */
  onError: (error: unknown) => Response;
  /** Where failures to accept are logged. */
  log: Logger;
  /** Called for each connection refused past the connection limit. */
  onRefused?: () => void;
}

/** Answers a request that arrived on `conn`. */
export type ConnectionHandler = (
  request: Request,
  conn: Connection,
) => Response | Promise<Response>;

/** A listening server. */
export interface HttpServer {
  /** The address it listens on (the real port when 0 was asked for). */
  readonly addr: Deno.NetAddr;
  /** The open connections. */
  readonly connections: Connections;
  /** Whether every connection is relayed (the server was started for WebSocket handlers). */
  readonly relayed: boolean;
  /**
   * Hands every request from now on to `handler` (a newer version of the app) instead of the
   * handler serving now; requests in flight finish where they are.
   */
  attach(handler: ConnectionHandler): void;
  /**
   * Stops handing requests to `handler`: the handler attached before it answers again (a newer
   * version that failed to start gives the server back); when no handler is left, the server
   * shuts down ({@link HttpServer.shutdown}).
   */
  detach(handler: ConnectionHandler): Promise<void>;
  /** Stops accepting, then closes every connection once its requests are answered. */
  shutdown(): Promise<void>;
}

/** How long a refused connection is kept for its client to read the 503, in ms. */
const LINGER_MS = 1000;
/** Pause after a failed accept (e.g. out of file descriptors), in ms. */
const ACCEPT_RETRY_MS = 100;

const REFUSAL_BODY = JSON.stringify({ status: 503, message: "too many open connections" });
const REFUSAL = new TextEncoder().encode(
  "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n" +
    `connection: close\r\ncontent-length: ${REFUSAL_BODY.length}\r\n\r\n${REFUSAL_BODY}`,
);

/** Listens (throws if the address is taken) and serves until {@link HttpServer.shutdown}. */
export function startServer(opts: ServerOptions): HttpServer {
  // Deno's server is looked up before listening, so a Deno without it fails with nothing open.
  const direct = opts.relay ? undefined : connectionServer();
  const listener = Deno.listen({
    hostname: opts.hostname,
    port: opts.port,
    transport: "tcp",
    reusePort: opts.reusePort,
  });
  let relay: Relay | undefined;
  const serve = direct ?? (relay = startRelay(opts.onError)).serve;
  const connections = new Connections(opts.limits);
  connections.start();
  let closed = false;
  const handlers = [opts.handler];
  let handler = opts.handler;
  const serveOne = (tcp: Deno.TcpConn) => {
    const conn = connections.admit();
    if (!conn) {
      opts.onRefused?.();
      return void refuse(tcp, connections);
    }
    conn.server = serve(
      tcp,
      conn.abort.signal,
      (request) => handler(request, conn),
      opts.onError,
    );
    const gone = () => connections.open.delete(conn);
    conn.server.finished.then(gone, gone);
  };
  const accepting = (async () => {
    while (!closed) {
      try {
        serveOne(await listener.accept());
      } catch (error) {
        if (closed) return;
        opts.log.warn("failed to accept a connection", { error });
        await new Promise((resolve) => setTimeout(resolve, ACCEPT_RETRY_MS));
      }
    }
  })();
  const server: HttpServer = {
    addr: listener.addr,
    connections,
    relayed: opts.relay,
    attach(next) {
      handlers.push(next);
      handler = next;
    },
    async detach(gone) {
      const at = handlers.lastIndexOf(gone);
      if (at >= 0) handlers.splice(at, 1);
      if (handlers.length === 0) return await server.shutdown();
      handler = handlers[handlers.length - 1];
    },
    async shutdown() {
      closed = true;
      listener.close();
      await accepting;
      await Promise.all([...connections.open].map((conn) => {
        if (conn.inFlight === 0) conn.close();
        else conn.server?.shutdown().catch(() => conn.close());
        return conn.server?.finished.catch(() => {});
      }));
      await relay?.shutdown();
      connections.stop();
    },
  };
  return server;
}

/**
 * Answers a connection past the limit with a raw 503 and closes it once the client has read it
 * (its end closed) or {@link LINGER_MS} passed; closing at once could reset the connection
 * before the client read the answer.
 */
async function refuse(tcp: Deno.TcpConn, connections: Connections): Promise<void> {
  connections.linger(tcp, LINGER_MS);
  try {
    for (let sent = 0; sent < REFUSAL.length;) sent += await tcp.write(REFUSAL.subarray(sent));
    await tcp.closeWrite();
    const sink = new Uint8Array(4096);
    while (await tcp.read(sink) !== null) { /* what the client sent: ignored */ }
  } catch { /* the client left, or the linger time passed */ }
  connections.release(tcp);
}
