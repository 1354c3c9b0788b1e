/**
 * The redis plugin: the `connections.redis` connection (npm `ioredis`), offered to the cache
 * capability as the `cache.backend` service (the in-memory cache stays the default for apps
 * without Redis).
 *
 * The connection is opened at start with bounded retries (start-up fails with an error naming the
 * address), then reconnects forever with backoff; `GET /health` reports it as `redis` (503 while
 * it is down). While it is first opened, handlers whose Runnables use the cache wait for it (or
 * get 503, see `--ready-wait`); while it is down, cache calls fail at once with
 * `redis unavailable (...)`, and
 * every other failure of the client names Redis the same way.
 * Knobs: `settings.ts` (`STRATOS_REDIS_*`).
 *
 * @module
 */

import { ConnectionHealth, definePlugin, readEnv, StratosError } from "../../plugin.ts";
import { CACHE_BACKEND_SERVICE, CACHE_HOST_FUNCTIONS } from "../../capabilities/cache/backend.ts";
import { parseRedisAddress, type RedisAddress, type RedisConnection } from "./address.ts";
import { redisCache } from "./cache_backend.ts";
import { redisLink } from "./connection.ts";
import { redisLeaseStore } from "./lease_store.ts";
import { readRedisSettings } from "./settings.ts";

/** The service the lease store is offered as (the first of `LEASE_SERVICES`). */
const REDIS_LEASE_SERVICE = "lease.redis";

/** How long `stop()` waits for QUIT. */
const CLOSE_TIMEOUT_MS = 2000;

/**
 * Reads `connections.redis`.
 * @throws {StratosError} `STRATOS_ERR_REDIS_CONFIG` saying what is wrong (never the password)
 */
export function redisAddress(connection: RedisConnection): RedisAddress {
  if (connection.serverAddress.trim() === "") {
    throw new StratosError(
      "STRATOS_ERR_REDIS_CONFIG",
      "connections.redis.serverAddress is empty (if it is env(NAME), NAME is not set)",
    );
  }
  try {
    return parseRedisAddress(connection);
  } catch (error) {
    throw new StratosError(
      "STRATOS_ERR_REDIS_CONFIG",
      `connections.redis.serverAddress must be host:port or a redis:// URL: ` +
        (error instanceof Error ? error.message : String(error)),
    );
  }
}

export default definePlugin({
  name: "redis",
  setup(ctx) {
    const connection = ctx.capabilities.cache.redis;
    if (connection === undefined) return;
    const address = redisAddress(connection);
    const settings = readRedisSettings(ctx.config, readEnv);
    const health = new ConnectionHealth(address.display);
    ctx.addConnection("redis", health, CACHE_HOST_FUNCTIONS);
    ctx.announce(() =>
      health.state === "up"
        ? `redis: connected to ${address.display}`
        : `redis: ${address.display}, ${health.state}`
    );
    const link = redisLink(address, settings, health, ctx.log);
    // Offered now, so the cache capability finds it when it starts (whatever the order); calls
    // fail at once until the connection is ready.
    ctx.provide(CACHE_BACKEND_SERVICE, redisCache(link.client, health, settings.commandTimeoutMs));
    ctx.provide(REDIS_LEASE_SERVICE, redisLeaseStore(link.client, health));
    return {
      async start() {
        await link.connect();
      },
      async stop() {
        await link.close(CLOSE_TIMEOUT_MS);
      },
    };
  },
});
