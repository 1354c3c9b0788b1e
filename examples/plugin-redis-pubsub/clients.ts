/**
 * The plugin's two connections to Redis (npm `ioredis`): a subscriber (a connection in
 * subscribe mode takes no other command) and a publisher for the results. Both are opened at
 * start with bounded attempts; after an outage each reconnects forever, paced by its own
 * {@link Backoff}, and the subscriber subscribes again to its channels. The one
 * {@link ConnectionHealth} is up only while both connections are.
 *
 * @module
 */

import { Redis } from "ioredis";
import {
  Backoff,
  type ConnectionHealth,
  connectWithRetries,
  type Logger,
  pluginErrorCode,
  settlesWithin,
} from "@stratos/runtime/plugin";
import type { PubSubSettings } from "./settings.ts";

/** Code of the start-up error when Redis cannot be reached. */
export const CONNECT_ERROR = pluginErrorCode("REDIS_PUBSUB_ERR_CONNECT");

/** The two connections. */
export interface PubSubClients {
  /** Subscribes to the channels (subscribe mode). */
  readonly subscriber: Redis;
  /** Publishes the results. */
  readonly publisher: Redis;
  /**
   * Connects both, trying `settings.connectAttempts` times.
   * @returns `false` if stopped meanwhile
   * @throws {StratosError} {@link CONNECT_ERROR} naming the address and the last error
   */
  connect(): Promise<boolean>;
  /** Closes both (QUIT, at most `timeoutMs`, then drops them); safe to call twice. */
  close(timeoutMs: number): Promise<void>;
}

/** The connections to `settings.target`, reporting to `health`; nothing is dialled yet. */
export function pubSubClients(
  settings: PubSubSettings,
  health: ConnectionHealth,
  log: Logger,
): PubSubClients {
  let connected = false; // reconnect only after the first connection (start-up counts its own)
  const server = health.address;
  const clients = [client("subscriber"), client("publisher")];
  let lastError: unknown; // the socket's error: connect() itself only says "Connection is closed."

  function client(role: string): Redis {
    const backoff = new Backoff({
      initialMs: settings.reconnectWaitMs,
      maxMs: settings.reconnectMaxWaitMs,
    });
    const redis = new Redis(settings.target.url, {
      lazyConnect: true,
      connectTimeout: settings.connectTimeoutMs,
      enableOfflineQueue: false, // a result published while Redis is down fails at once
      maxRetriesPerRequest: 0,
      retryStrategy: () => connected && health.state !== "closed" ? backoff.next() : null,
    });
    redis.on("error", (error) => {
      lastError = error;
      health.failed(error);
    });
    redis.on("ready", () => {
      backoff.reset();
      if (!clients.every((c) => c.status === "ready")) return;
      if (connected && health.state === "down") log.info("reconnected to Redis", { server });
      health.up();
    });
    redis.on("close", () => {
      if (!connected) return;
      if (health.state === "up") {
        log.warn("disconnected from Redis, reconnecting", { server, connection: role });
      }
      health.down();
    });
    return redis;
  }

  return {
    subscriber: clients[0],
    publisher: clients[1],
    async connect() {
      const opened = await connectWithRetries({
        service: "Redis",
        health,
        attempts: settings.connectAttempts,
        waitMs: settings.connectRetryMs,
        errorCode: CONNECT_ERROR,
        log,
        async attempt() {
          for (const redis of clients) {
            if (redis.status === "ready") continue; // connected by an earlier attempt
            try {
              await redis.connect();
            } catch (rejection) {
              const error = lastError ?? rejection;
              lastError = undefined;
              throw error;
            }
          }
          return connected = true;
        },
      }).catch((error) => {
        for (const redis of clients) redis.disconnect();
        throw error;
      });
      return opened === true && health.state !== "closed"; // closed: stopped meanwhile
    },
    async close(timeoutMs) {
      health.close();
      const open = clients.filter((redis) => redis.status === "ready");
      await settlesWithin(Promise.allSettled(open.map((redis) => redis.quit())), timeoutMs);
      for (const redis of clients) redis.disconnect();
    },
  };
}
