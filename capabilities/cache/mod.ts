/**
 * The cache capability: `cache_set(key, keySize, value, valueSize, ttl)` → 0, -1 or -2 (no FFI
 * result) and `cache_get(key, keySize)` → FFI size, honouring
 * `capabilities.cache` (`enabled`, `rules.allowSet`, `rules.allowGet`). In memory unless a plugin
 * provides the `cache.backend` service (Redis, when `connections.redis` is set).
 *
 * @module
 */

import {
  type CapabilityConfig,
  defineHostFunction,
  definePlugin,
  type HostFunction,
} from "../../plugin.ts";
import { CACHE_BACKEND_SERVICE, type CacheBackend } from "./backend.ts";
import { MemoryCache } from "./memory.ts";
import { CACHE_TOPIC, serveCache, SharedCache } from "./shared.ts";

export { CACHE_BACKEND_SERVICE, type CacheBackend } from "./backend.ts";
export { MemoryCache, type MemoryCacheOptions } from "./memory.ts";

/** Where the host functions find the backend (resolved when the runtime starts). */
export interface BackendRef {
  /** The backend in use. */
  current: CacheBackend;
}

/**
 * `cache_get` and `cache_set` over `ref.current`. `async` marks them as possibly waiting on I/O
 * (a network backend).
 */
export function cacheFunctions(
  config: CapabilityConfig["cache"],
  ref: BackendRef,
  async: boolean,
): HostFunction[] {
  const canGet = config.enabled && config.rules.allowGet;
  const canSet = config.enabled && config.rules.allowSet;
  return [
    defineHostFunction({
      name: "cache_set",
      params: 5,
      returns: true,
      async,
      call(call, keyPtr, keySize, valPtr, valSize, ttl) {
        const key = call.memory.readString(keyPtr, keySize, "cache_set");
        const value = call.memory.read(valPtr, valSize, "cache_set");
        if (!canSet) return -2;
        try {
          const done = ref.current.set(key, value, ttl);
          if (done instanceof Promise) return done.then(() => 0, (e) => setFailed(call.log, e));
          return 0;
        } catch (error) {
          return setFailed(call.log, error);
        }
      },
    }),
    defineHostFunction({
      name: "cache_get",
      repeatable: true,
      params: 2,
      returns: true,
      ffi: true,
      async,
      call(call, keyPtr, keySize) {
        const key = call.memory.readString(keyPtr, keySize, "cache_get");
        if (!canGet) return call.fail("capability is not enabled");
        const found = (value: Uint8Array | undefined) =>
          value === undefined ? call.fail(ref.current.missingKeyMessage) : call.ok(value);
        const value = ref.current.get(key);
        if (value instanceof Promise) {
          return value.then(found, (e) => call.fail(e instanceof Error ? e.message : String(e)));
        }
        return found(value);
      },
    }),
  ];
}

function setFailed(
  log: { warn(m: string, f?: Record<string, unknown>): void },
  error: unknown,
): number {
  log.warn("cache_set failed", { error });
  return -2;
}

/** Reads a positive integer from the environment, if set and valid. */
function envLimit(name: string): number | undefined {
  const value = Number(Deno.env.get(name));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export default definePlugin({
  name: "cache",
  setup(ctx) {
    const memory = new MemoryCache({
      maxBytes: envLimit("STRATOS_CACHE_MAX_BYTES"),
      maxEntries: envLimit("STRATOS_CACHE_MAX_ENTRIES"),
    });
    // A network backend is announced by configuration (connections.redis), so the functions can
    // be declared asynchronous before the backend plugin has set itself up.
    const remote = ctx.capabilities.cache.redis !== undefined;
    // With several isolates the in-memory cache is the primary's; replicas ask it over the link.
    const shared = !remote && ctx.link?.role === "replica";
    if (!remote && ctx.link?.role === "primary") {
      ctx.link.serve(CACHE_TOPIC, (request) => serveCache(memory, request));
    }
    const ref: BackendRef = {
      current: shared ? new SharedCache(ctx.link!, memory.missingKeyMessage) : memory,
    };
    for (const fn of cacheFunctions(ctx.capabilities.cache, ref, remote || shared)) {
      ctx.registerHostFunction(fn);
    }
    return {
      start() {
        const backend = ctx.service<CacheBackend>(CACHE_BACKEND_SERVICE);
        if (backend) ref.current = backend;
        ctx.log.debug("cache backend", { backend: ref.current.name });
      },
    };
  },
});
