/**
 * The NATS connection: connecting at start-up with bounded retries (a clear error naming the
 * address when the server cannot be reached), then reconnecting forever with backoff, keeping
 * the health report up to date, and closing with a flush on stop.
 *
 * @module
 */

import {
  connect,
  type ConnectionOptions,
  type NatsConnection,
  type Status,
} from "@nats-io/transport-node";
import {
  Backoff,
  type ConnectionHealth,
  connectWithRetries,
  errorText,
  type Logger,
  settlesWithin,
} from "../../plugin.ts";
import type { NatsSettings } from "./settings.ts";

/** An open connection. */
export interface NatsLink {
  /** The nats.js connection. */
  readonly connection: NatsConnection;
  /**
   * Flushes what is pending (when `drain` is set, at most `timeoutMs`) and closes; safe to call
   * twice.
   */
  close(timeoutMs: number, drain: boolean): Promise<void>;
}

/** Opens a nats.js connection; replaceable in tests. */
export type Connector = (options: ConnectionOptions) => Promise<NatsConnection>;

/**
 * The nats.js options for `settings`: one handshake bounded by `connectTimeoutMs`, no retries of
 * its own on the first connect, and, once connected, unlimited reconnects paced by `backoff`.
 */
export function connectionOptions(
  settings: NatsSettings,
  backoff: Backoff,
  name: string,
): ConnectionOptions {
  const { address } = settings;
  const options: ConnectionOptions = {
    servers: address.server,
    name,
    timeout: settings.connectTimeoutMs,
    reconnect: true,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: false,
    // Asked on every turn of the reconnect loop: the wait handed out last.
    reconnectDelayHandler: () => backoff.current,
    // Called right before every dial: the wait before the following one grows.
    reconnectToServer: () => {
      backoff.next();
      return null;
    },
  };
  if (address.tls) options.tls = {};
  if (address.user !== undefined) {
    Object.assign(options, { user: address.user, pass: address.pass });
  }
  if (address.token !== undefined) options.token = address.token;
  return options;
}

/**
 * Connects to the server, trying `settings.connectAttempts` times.
 * @returns the connection, or `undefined` if `health` was closed meanwhile (stopped)
 * @throws {StratosError} `STRATOS_ERR_NATS_CONNECT` naming the address and the last error
 */
export async function openConnection(
  settings: NatsSettings,
  health: ConnectionHealth,
  log: Logger,
  name: string,
  connector: Connector = connect,
): Promise<NatsLink | undefined> {
  const backoff = new Backoff({
    initialMs: settings.reconnectWaitMs,
    maxMs: settings.reconnectMaxWaitMs,
  });
  const connection = await connectWithRetries({
    service: "NATS",
    health,
    attempts: settings.connectAttempts,
    waitMs: settings.connectRetryMs,
    errorCode: "STRATOS_ERR_NATS_CONNECT",
    log,
    attempt: () => connector(connectionOptions(settings, backoff, name)),
  });
  if (connection === undefined) return undefined;
  backoff.reset(); // the first dial moved it on
  const display = health.address;
  const watching = watchStatus(connection, health, backoff, log, display);
  return {
    connection,
    async close(timeoutMs, drain) {
      if (!connection.isClosed()) {
        // drain() flushes pending publications, then closes. While disconnected there is
        // nothing to flush to, and a server that stops answering gets a time limit.
        if (drain) {
          const drained = await settlesWithin(connection.drain(), timeoutMs);
          if (!drained) log.warn("NATS drain timed out, closing", { server: display });
        }
        await connection.close().catch(() => {});
      }
      await watching;
    },
  };
}

function watchStatus(
  connection: NatsConnection,
  health: ConnectionHealth,
  backoff: Backoff,
  log: Logger,
  server: string,
): Promise<void> {
  const onStatus = (status: Status) => {
    switch (status.type) {
      case "disconnect":
        health.down();
        log.warn("disconnected from NATS, reconnecting", { server });
        break;
      case "reconnect":
        backoff.reset();
        health.up();
        log.info("reconnected to NATS", { server });
        break;
      case "error":
        health.failed(status.error);
        log.warn("NATS error", { server, error: errorText(status.error) });
        break;
      case "slowConsumer":
        log.warn("NATS subscription is a slow consumer", {
          subject: status.sub.getSubject(),
          pending: status.pending,
        });
        break;
    }
  };
  const statuses = (async () => {
    for await (const status of connection.status()) onStatus(status);
  })();
  const closed = connection.closed().then((error) => {
    health.close(error ?? undefined);
    if (error) log.error("NATS connection closed", { server, error: errorText(error) });
  });
  return Promise.all([statuses, closed]).then(() => {});
}
