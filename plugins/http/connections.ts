/**
 * The open HTTP connections of one isolate and the limits on them: at most `maxConnections`
 * open; one that brings no complete request within `headerTimeoutMs` of opening, or stays
 * without a request in flight for `idleTimeoutMs` after one, is closed; a request body that has
 * not arrived by its deadline fails the read with {@link BodyTimeoutError} and its connection
 * is closed once that answer is out. One sweeper timer checks every connection a few times per
 * timeout, so a request costs two counter updates, not a timer.
 *
 * @module
 */

import { abortConnection, type ConnectionServer } from "./serve_connection.ts";

/** The limits of {@link Connections}. */
export interface ConnectionLimits {
  /** Most connections open at once. */
  maxConnections: number;
  /** How long a new connection may take to bring its first complete request, in ms. */
  headerTimeoutMs: number;
  /** How long a connection may stay with no request in flight after one, in ms. */
  idleTimeoutMs: number;
}

/** A request body did not arrive within its time limit. */
export class BodyTimeoutError extends Error {
  /** @param limitMs the time limit in ms */
  constructor(readonly limitMs: number) {
    super(`the request body did not arrive within the time limit of ${limitMs / 1000} s`);
  }
}

/** One open connection: what the sweeper needs to know about it. */
export class Connection {
  /** Requests begun and not answered yet; an open WebSocket counts as one. */
  inFlight = 0;
  /** Requests begun on it. */
  requests = 0;
  /** Aborting it closes the connection at once. */
  readonly abort: AbortController = new AbortController();
  /** Deno's server on it (set once it is served). */
  server?: ConnectionServer;
  /** Requests seen at the last sweep. */
  seen = 0;
  /** Since when it has had nothing in flight and no new request (ms, `performance.now()`). */
  idleSince: number;
  /** Close once idle, at a sweep after this one (a body timed out: its 408 goes out first). */
  closeAfterSweep = Infinity;

  /** @param now when it was accepted */
  constructor(readonly table: Connections, now: number) {
    this.idleSince = now;
  }

  /** Counts a request that begins. */
  begin(): void {
    this.inFlight++;
    this.requests++;
  }

  /** Counts the request answered, and passes its response on (for `then`). */
  readonly answered = (response: Response): Response => {
    this.inFlight--;
    return response;
  };

  /** Counts the request failed, and passes the error on (for `then`). */
  readonly failed = (error: unknown): never => {
    this.inFlight--;
    throw error;
  };

  /** {@link Connections.within} for a body arriving on this connection. */
  within<T>(read: Promise<T>, deadline: number, limitMs: number): Promise<T> {
    return this.table.within(this, read, deadline, limitMs);
  }

  /** Keeps the connection from being idle-closed until the returned function is called. */
  hold(): () => void {
    this.inFlight++;
    let held = true;
    return () => {
      if (held) this.inFlight--;
      held = false;
    };
  }

  /** Closes it at once. */
  close(): void {
    abortConnection(this.abort);
  }
}

/** A body read waiting for its deadline. */
interface PendingRead {
  deadline: number;
  limitMs: number;
  conn: Connection;
  reject(error: BodyTimeoutError): void;
}

/** The open connections of one isolate, swept for time limits. */
export class Connections {
  /** The connections open now. */
  readonly open: Set<Connection> = new Set();
  readonly #reads = new Set<PendingRead>();
  /** Refused connections waiting for their client to read the refusal, with their deadline. */
  readonly #lingering = new Map<Deno.TcpConn, number>();
  #sweeps = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param limits the limits */
  constructor(readonly limits: ConnectionLimits) {}

  /** How often the sweeper runs, in ms: a few times per timeout, at most every 250 ms. */
  get sweepMs(): number {
    const shortest = Math.min(this.limits.headerTimeoutMs, this.limits.idleTimeoutMs);
    return Math.max(10, Math.min(250, shortest / 8));
  }

  /** Starts the sweeper. */
  start(): void {
    this.#timer ??= setInterval(() => this.sweep(performance.now()), this.sweepMs);
  }

  /** Stops the sweeper and closes the refused connections still lingering. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const tcp of this.#lingering.keys()) closeQuietly(tcp);
    this.#lingering.clear();
  }

  /** A new connection accepted at `now`, or undefined when `maxConnections` are open. */
  admit(now: number = performance.now()): Connection | undefined {
    if (this.open.size >= this.limits.maxConnections) return undefined;
    const conn = new Connection(this, now);
    this.open.add(conn);
    return conn;
  }

  /**
   * Resolves as `read` does, or rejects with {@link BodyTimeoutError} once a sweep finds
   * `deadline` (ms, `performance.now()`) passed; `conn` is then closed after its answer.
   */
  within<T>(conn: Connection, read: Promise<T>, deadline: number, limitMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: PendingRead = { deadline, limitMs, conn, reject };
      this.#reads.add(pending);
      read.then((value) => {
        this.#reads.delete(pending);
        resolve(value);
      }, (error) => {
        this.#reads.delete(pending);
        reject(error);
      });
    });
  }

  /** Keeps a refused connection until `lingerMs` passed, so its client can read the refusal. */
  linger(tcp: Deno.TcpConn, lingerMs: number): void {
    this.#lingering.set(tcp, performance.now() + lingerMs);
  }

  /** Forgets a refused connection that closed by itself. */
  release(tcp: Deno.TcpConn): void {
    if (this.#lingering.delete(tcp)) closeQuietly(tcp);
  }

  /** Checks every connection and body read against its time limit (the sweeper's work). */
  sweep(now: number): void {
    const sweep = ++this.#sweeps;
    const { headerTimeoutMs, idleTimeoutMs } = this.limits;
    for (const conn of this.open) {
      if (conn.inFlight > 0 || conn.requests !== conn.seen) {
        conn.seen = conn.requests;
        conn.idleSince = now;
      } else if (
        conn.closeAfterSweep < sweep ||
        now - conn.idleSince >= (conn.requests === 0 ? headerTimeoutMs : idleTimeoutMs)
      ) {
        conn.close();
      }
    }
    for (const read of this.#reads) {
      if (now < read.deadline) continue;
      this.#reads.delete(read);
      read.conn.closeAfterSweep = sweep;
      read.reject(new BodyTimeoutError(read.limitMs));
    }
    for (const [tcp, deadline] of this.#lingering) {
      if (now >= deadline) this.release(tcp);
    }
  }
}

/** Closes a TCP connection that may be closed already. */
export function closeQuietly(tcp: Deno.TcpConn): void {
  try {
    tcp.close();
  } catch { /* already closed */ }
}
