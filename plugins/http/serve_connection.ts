/**
 * HTTP on one accepted TCP connection, served by Deno's own HTTP server (the one behind
 * `Deno.serve`). `Deno.serve` owns its listener and gives no hold on a connection: none can be
 * closed for being slow or idle, none refused past a limit. Accepting connections ourselves and
 * serving each gives both; Deno offers per-connection serving only as an internal,
 * `Deno[Deno.internal].serveHttpOnConnection` (in Deno 2.9.6, which Stratos pins). This module is
 * the only place that touches it; serve_connection_test.ts fails loudly if a Deno upgrade removes
 * or changes it.
 *
 * @module
 */

import { StratosError } from "../../plugin.ts";

/** Answers one request of the connection. */
export type ConnectionHandler = (request: Request) => Response | Promise<Response>;

/** Deno's server on one connection. */
export interface ConnectionServer {
  /** Settles once the connection is closed (by either side, or by aborting its signal). */
  readonly finished: Promise<void>;
  /** Closes the connection gracefully: requests in flight are answered first. */
  shutdown(): Promise<void>;
}

/**
 * Serves HTTP/1.1 (and HTTP/2 with prior knowledge) on `conn` with `handler`; aborting `signal`
 * closes the connection at once. `onError` answers when `handler` throws.
 */
export type ServeConnection = (
  conn: Deno.TcpConn,
  signal: AbortSignal,
  handler: ConnectionHandler,
  onError: (error: unknown) => Response,
) => ConnectionServer;

type Internal = (
  conn: Deno.TcpConn,
  signal: AbortSignal,
  handler: ConnectionHandler,
  onError: (error: unknown) => Response,
  onListen: () => void,
) => ConnectionServer;

/**
 * Deno's per-connection server, or a StratosError naming the missing internal (the Deno in use
 * is not the one Stratos pins).
 */
export function connectionServer(): ServeConnection {
  const internals = (Deno as unknown as Record<symbol, Record<string, unknown> | undefined>)[
    (Deno as unknown as { internal: symbol }).internal
  ];
  const serve = internals?.serveHttpOnConnection as Internal | undefined;
  if (typeof serve !== "function") {
    throw new StratosError(
      "STRATOS_ERR_DENO_INTERNAL",
      `this Deno (${Deno.version.deno}) lacks Deno[Deno.internal].serveHttpOnConnection, ` +
        "which the HTTP server needs: run Stratos with Deno 2.9.6",
    );
  }
  const onListen = () => {};
  return (conn, signal, handler, onError) => serve(conn, signal, handler, onError, onListen);
}

let aborting = false;
let guarded = false;

/**
 * Closes a connection served by {@link ServeConnection} by aborting its `controller`. Deno's
 * server answers the abort by cancelling its own resource, and when the connection has just
 * ended that resource is gone: Deno's abort listener then throws `BadResource`, which, thrown in
 * an event listener, would end the process. Such an error, raised during this abort, is dropped:
 * the connection is closed either way.
 */
export function abortConnection(controller: AbortController): void {
  if (!guarded) {
    guarded = true;
    globalThis.addEventListener("error", (event) => {
      if (aborting && event.error instanceof Deno.errors.BadResource) event.preventDefault();
    });
  }
  aborting = true;
  try {
    controller.abort();
  } finally {
    aborting = false;
  }
}
