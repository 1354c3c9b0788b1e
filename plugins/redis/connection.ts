/**
 * The Redis connection (npm `ioredis`): opened at start with bounded retries (a clear error
 * naming the address when the server cannot be reached), then reconnecting forever with backoff.
 * Commands are never queued while disconnected and time out when the server stops answering, so
 * a cache call fails fast instead of hanging.
 *
 * @module
 */

import { Redis, type RedisOptions } from "ioredis";
import {
  Backoff,
  type ConnectionHealth,
  connectWithRetries,
  type Logger,
  settlesWithin,
} from "../../plugin.ts";
import type { RedisAddress } from "./address.ts";
import type { RedisSettings } from "./settings.ts";

/**
 * The ioredis options: no offline queue and no retries per command (calls fail at once while
 * disconnected), a command timeout, and reconnection paced by `backoff` only once `reconnect()`
 * says so (start-up attempts are counted by {@link RedisLink.connect}).
 */
export function redisOptions(
  address: RedisAddress,
  settings: RedisSettings,
  backoff: Backoff,
  reconnect: () => boolean,
): RedisOptions {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username === undefined ? {} : { username: address.username }),
    ...(address.password === undefined ? {} : { password: address.password }),
    ...(address.tls ? { tls: {} } : {}),
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: settings.connectTimeoutMs,
    commandTimeout: settings.commandTimeoutMs,
    retryStrategy: () => reconnect() ? backoff.next() : null,
  };
}

/** The connection. */
export interface RedisLink {
  /** The client (not connected until {@link connect} resolved). */
  readonly client: Redis;
  /**
   * Connects, trying `settings.connectAttempts` times; then reconnects forever after outages.
   * @throws {StratosError} `STRATOS_ERR_REDIS_CONNECT` naming the address and the last error
   */
  connect(): Promise<void>;
  /** Closes the connection (QUIT, at most `timeoutMs`, then drops it); safe to call twice. */
  close(timeoutMs: number): Promise<void>;
}

/** A client for `address` that reports its state to `health`; nothing is dialled yet. */
export function redisLink(
  address: RedisAddress,
  settings: RedisSettings,
  health: ConnectionHealth,
  log: Logger,
): RedisLink {
  let connected = false;
  const backoff = new Backoff({
    initialMs: settings.reconnectWaitMs,
    maxMs: settings.reconnectMaxWaitMs,
  });
  const client = new Redis(redisOptions(address, settings, backoff, () => connected));
  const server = health.address;
  let lastError: unknown; // the socket's error: connect() itself only says "Connection is closed."
  client.on("error", (error) => {
    lastError = error;
    health.failed(error);
  });
  client.on("ready", () => {
    backoff.reset();
    if (connected && health.state !== "up") log.info("reconnected to Redis", { server });
    health.up();
  });
  client.on("close", () => {
    if (!connected) return;
    if (health.state === "up") log.warn("disconnected from Redis, reconnecting", { server });
    health.down();
  });
  return {
    client,
    async connect() {
      try {
        await connectWithRetries({
          service: "Redis",
          health,
          attempts: settings.connectAttempts,
          waitMs: settings.connectRetryMs,
          errorCode: "STRATOS_ERR_REDIS_CONNECT",
          log,
          async attempt() {
            try {
              await client.connect();
            } catch (rejection) {
              const error = lastError ?? rejection;
              lastError = undefined;
              throw error;
            }
            connected = true;
          },
        });
      } catch (error) {
        client.disconnect();
        throw error;
      }
    },
    async close(timeoutMs) {
      health.close();
      if (client.status === "ready") await settlesWithin(client.quit(), timeoutMs);
      client.disconnect();
    },
  };
}
