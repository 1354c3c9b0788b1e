/**
 * The Redis connection (npm `ioredis`): opened at start with bounded retries (a clear error
 * naming the address when the server cannot be reached), then reconnecting forever with backoff.
 * Commands are never queued while disconnected and time out when the server stops answering, so
 * a cache call fails fast instead of hanging.
 *
 * @module
 */

import { Redis, type RedisOptions } from "ioredis";
import { type Logger, StratosError } from "../../plugin.ts";
import type { RedisAddress } from "./address.ts";
import type { RedisSettings } from "./settings.ts";
import type { RedisHealth } from "./state.ts";

/** The wait before reconnection attempt `times` (1-based): doubling from the base up to the max. */
export function reconnectDelay(times: number, settings: RedisSettings): number {
  const exponent = Math.min(Math.max(times - 1, 0), 30);
  return Math.min(settings.reconnectMaxWaitMs, settings.reconnectWaitMs * 2 ** exponent);
}

/**
 * The ioredis options: no offline queue and no retries per command (calls fail at once while
 * disconnected), a command timeout, and reconnection only once `reconnect()` says so (start-up
 * attempts are counted by {@link openRedis}).
 */
export function redisOptions(
  address: RedisAddress,
  settings: RedisSettings,
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
    retryStrategy: (times) => reconnect() ? reconnectDelay(times, settings) : null,
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
  health: RedisHealth,
  log: Logger,
): RedisLink {
  let connected = false;
  const client = new Redis(redisOptions(address, settings, () => connected));
  const server = address.display;
  let lastError: unknown; // the socket's error: connect() itself only says "Connection is closed."
  client.on("error", (error) => {
    lastError = error;
    health.failed(error);
  });
  client.on("ready", () => {
    if (connected && health.state !== "ready") log.info("reconnected to Redis", { server });
    health.set("ready");
  });
  client.on("close", () => {
    if (!connected || health.state === "closed") return;
    if (health.state === "ready") log.warn("disconnected from Redis, reconnecting", { server });
    health.set("reconnecting");
  });
  return {
    client,
    async connect() {
      for (let attempt = 1;; attempt++) {
        if (health.state === "closed") return; // stopped meanwhile
        try {
          await client.connect();
          break;
        } catch (rejection) {
          const error = lastError ?? rejection;
          lastError = undefined;
          health.failed(error);
          const text = error instanceof Error ? error.message || error.name : String(error);
          if (attempt >= settings.connectAttempts) {
            client.disconnect();
            health.set("closed");
            const n = settings.connectAttempts;
            throw new StratosError(
              "STRATOS_ERR_REDIS_CONNECT",
              `cannot connect to Redis at ${server} after ${n} attempt${
                n === 1 ? "" : "s"
              }: ${text}`,
              { cause: error },
            );
          }
          log.warn("cannot connect to Redis, retrying", {
            server,
            attempt,
            of: settings.connectAttempts,
            error: text,
          });
          await new Promise((resolve) => setTimeout(resolve, settings.connectRetryMs));
        }
      }
      connected = true;
      health.set("ready");
      log.info("connected to Redis", { server });
    },
    async close(timeoutMs) {
      health.set("closed");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs));
      try {
        if (client.status === "ready") await Promise.race([client.quit().catch(() => {}), late]);
      } finally {
        clearTimeout(timer);
        client.disconnect();
      }
    },
  };
}
