/**
 * The Redis cache backend: `GET` and `SET key value [EX ttl]` (TTL in seconds, 0 = none). A
 * missing key is the capability's error `failed to client.Get: redis: nil`, as in Atmo; an error
 * the server answered is `failed to client.Get: <its text>` (reads) or a failed set (-2).
 *
 * Every other failure names Redis: `redis unavailable (<server>): <why>`. While the connection is
 * known to be down, calls fail at once with its last error. A call that fails in the client
 * itself (cut by the connection going away, sent in the moment between the socket closing and
 * the client noticing, or timed out) gets the same prefix, since ioredis's own texts ("Stream
 * isn't writeable and enableOfflineQueue options is false", "Reached the max retries per request
 * limit", "Connection is closed.", "Command timed out") do not say which service failed.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { type Redis, ReplyError } from "ioredis";
import { type ConnectionHealth, errorText } from "../../plugin.ts";
import type { CacheBackend } from "../../capabilities/cache/backend.ts";
import { unavailable } from "./unavailable.ts";

/** Atmo's error for a missing key (go-redis `redis.Nil`, wrapped). */
export const MISSING_KEY_MESSAGE = "failed to client.Get: redis: nil";

/**
 * A {@link CacheBackend} on `client`, whose commands time out after `commandTimeoutMs` (the
 * client's `commandTimeout`, for messages).
 */
export function redisCache(
  client: Redis,
  health: ConnectionHealth,
  commandTimeoutMs: number,
): CacheBackend {
  const failure = (error: unknown) => reason(error, health, commandTimeoutMs);
  return {
    name: "redis",
    missingKeyMessage: MISSING_KEY_MESSAGE,
    async get(key) {
      const down = unavailable(health);
      if (down) throw new Error(`failed to client.Get: ${down}`);
      let value: Buffer | null;
      try {
        value = await client.getBuffer(key);
      } catch (error) {
        throw new Error(`failed to client.Get: ${failure(error)}`, { cause: error });
      }
      return value ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      const down = unavailable(health);
      if (down) throw new Error(`failed to client.Set: ${down}`);
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      try {
        if (ttlSeconds > 0) await client.set(key, bytes, "EX", ttlSeconds);
        else await client.set(key, bytes);
      } catch (error) {
        throw new Error(`failed to client.Set: ${failure(error)}`, { cause: error });
      }
    },
  };
}

/** ioredis's error for a command that got no answer within `commandTimeout`. */
const TIMED_OUT = "Command timed out";

/** Why a command failed: the server's error reply as it is, else what became of the connection. */
function reason(error: unknown, health: ConnectionHealth, commandTimeoutMs: number): string {
  if (error instanceof ReplyError) return errorText(error);
  const down = unavailable(health);
  if (down) return down;
  const why = errorText(error) === TIMED_OUT
    ? `no answer within ${commandTimeoutMs} ms`
    : "connection lost";
  return `redis unavailable (${health.address}): ${why}`;
}
