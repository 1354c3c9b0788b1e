/**
 * The Redis cache backend: `GET` and `SET key value [EX ttl]` (TTL in seconds, 0 = none). A
 * missing key is the capability's error `failed to client.Get: redis: nil`, as in Atmo; other
 * failures are `failed to client.Get: <reason>` (reads) or a failed set (-2). While the
 * connection is not ready, calls fail at once with why; a call cut by the connection going away
 * fails with the same reason (ioredis's own text would not name Redis).
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
        throw new Error(`failed to client.Get: ${reason(error, client, health)}`, { cause: error });
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
        throw new Error(`failed to client.Set: ${reason(error, client, health)}`, { cause: error });
      }
    },
  };
}

/** ioredis statuses of a connection that went away. */
const LOST = new Set(["close", "reconnecting", "end"]);

/** Why a command failed: the connection went away under it, or `error`'s text. */
function reason(error: unknown, client: Redis, health: RedisHealth): string {
  const unavailable = health.unavailable();
  if (unavailable) return unavailable;
  // ioredis fails the commands in flight (with "Reached the max retries per request limit")
  // before it emits "close" on the next tick: its status already says so.
  if (LOST.has(client.status)) return `redis unavailable (${health.display}): connection lost`;
  return text(error);
}

function text(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
