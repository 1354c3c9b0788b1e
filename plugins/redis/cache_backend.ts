/**
 * The Redis cache backend: `GET` and `SET key value [EX ttl]` (TTL in seconds, 0 = none). A
 * missing key is the capability's error `failed to client.Get: redis: nil`, as in Atmo; other
 * failures are `failed to client.Get: <reason>` (reads) or a failed set (-2). While the
 * connection is not ready, calls fail at once with why.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type { Redis } from "ioredis";
import type { CacheBackend } from "../../capabilities/cache/backend.ts";
import type { RedisHealth } from "./state.ts";

/** Atmo's error for a missing key (go-redis `redis.Nil`, wrapped). */
export const MISSING_KEY_MESSAGE = "failed to client.Get: redis: nil";

/** A {@link CacheBackend} on `client`. */
export function redisCache(client: Redis, health: RedisHealth): CacheBackend {
  return {
    name: "redis",
    missingKeyMessage: MISSING_KEY_MESSAGE,
    async get(key) {
      const unavailable = health.unavailable();
      if (unavailable) throw new Error(`failed to client.Get: ${unavailable}`);
      let value: Buffer | null;
      try {
        value = await client.getBuffer(key);
      } catch (error) {
        throw new Error(`failed to client.Get: ${text(error)}`, { cause: error });
      }
      return value ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      const unavailable = health.unavailable();
      if (unavailable) throw new Error(`failed to client.Set: ${unavailable}`);
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      try {
        if (ttlSeconds > 0) await client.set(key, bytes, "EX", ttlSeconds);
        else await client.set(key, bytes);
      } catch (error) {
        throw new Error(`failed to client.Set: ${text(error)}`, { cause: error });
      }
    },
  };
}

function text(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
