/**
 * The cache backend interface. The in-memory backend is the default; a plugin that connects to a
 * store (e.g. Redis) offers another one as the service `cache.backend`.
 *
 * @module
 */

/** Name of the service a plugin provides to replace the in-memory cache. */
export const CACHE_BACKEND_SERVICE = "cache.backend";

/** The host functions that run on the backend (they need its connection, if it has one). */
export const CACHE_HOST_FUNCTIONS: readonly string[] = ["cache_get", "cache_set"];

/** A key/value store with per-key expiry. */
export interface CacheBackend {
  /** Backend name for logs (e.g. `memory`, `redis`). */
  readonly name: string;
  /** Returns the value, or `undefined` when the key is missing or expired. */
  get(key: string): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Stores `value`; `ttlSeconds` ≤ 0 means no expiry. */
  set(key: string, value: Uint8Array, ttlSeconds: number): void | Promise<void>;
  /** Message for a missing key (memory: `key not found`; Redis: `failed to client.Get: redis: nil`). */
  readonly missingKeyMessage: string;
}
