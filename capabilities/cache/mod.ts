/**
 * The cache capability: `cache_set(key, keySize, value, valueSize, ttl)` → 0, -1 or -2 (no FFI
 * result) and `cache_get(key, keySize)` → FFI size, honouring `capabilities.cache` (`enabled`,
 * `rules.allowSet`, `rules.allowGet`). In memory unless a plugin provides the `cache.backend`
 * service (Redis, when `connections.redis` is set). The in-memory cache is one per process: the
 * primary isolate makes its shared memory and each replica maps the same buffer, asked for once
 * over the isolate link, so `cache_get` never waits (shared_memory.ts).
 * Knobs: `STRATOS_CACHE_MAX_ENTRIES` and `STRATOS_CACHE_MAX_BYTES`.
 *
 * @module
 */

import {
  type CapabilityConfig,
  defineHostFunction,
  definePlugin,
  type HostFunction,
  type NumericSetting,
  type PluginContext,
  readNumericSettings,
} from "../../plugin.ts";
import { CACHE_BACKEND_SERVICE, type CacheBackend } from "./backend.ts";
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, SharedMemoryCache } from "./shared_memory.ts";

export { CACHE_BACKEND_SERVICE, type CacheBackend } from "./backend.ts";
export { SharedMemoryCache, type SharedMemoryCacheOptions } from "./shared_memory.ts";

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
        const span = call.trace?.child("cache_set", "client", {
          "stratos.cache.backend": ref.current.name,
          "stratos.cache.value_bytes": value.length,
        });
        const failed = (error: unknown) => {
          span?.end({}, error instanceof Error ? error.message : String(error));
          return setFailed(call.log, error);
        };
        const stored = () => {
          span?.end();
          return 0;
        };
        try {
          const done = ref.current.set(key, value, ttl);
          return done instanceof Promise ? done.then(stored, failed) : stored();
        } catch (error) {
          return failed(error);
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
        const span = call.trace?.child("cache_get", "client", {
          "stratos.cache.backend": ref.current.name,
        });
        const found = (value: Uint8Array | undefined) => {
          span?.end({ "stratos.cache.hit": value !== undefined });
          return value === undefined ? call.fail(ref.current.missingKeyMessage) : call.ok(value);
        };
        const failed = (e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          span?.end({}, message);
          return call.fail(message);
        };
        try {
          const value = ref.current.get(key);
          return value instanceof Promise ? value.then(found, failed) : found(value);
        } catch (error) {
          return failed(error);
        }
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

/** The in-memory cache's limits: plugin config first, then the environment, then the defaults. */
const CACHE_SETTINGS: readonly NumericSetting<"maxEntries" | "maxBytes">[] = [
  { key: "maxEntries", env: "STRATOS_CACHE_MAX_ENTRIES", default: DEFAULT_MAX_ENTRIES, min: 1 },
  { key: "maxBytes", env: "STRATOS_CACHE_MAX_BYTES", default: DEFAULT_MAX_BYTES, min: 1 },
];

/** The link topic on which the primary hands its cache's buffer to replicas. */
const CACHE_BUFFER_TOPIC = "cache.buffer";

/**
 * This isolate's view of the process's in-memory cache: a replica maps the primary's buffer; the
 * primary (or the only isolate) makes it and, with replicas, hands it to them.
 * @throws {StratosError} `STRATOS_ERR_CACHE_CONFIG` for a bad limit or a buffer too large
 */
export async function processCache(
  ctx: Pick<PluginContext, "config" | "link" | "handover">,
  env: (name: string) => string | undefined,
): Promise<SharedMemoryCache> {
  // On reload the new version keeps the cache of the previous one: its contents survive.
  const kept = ctx.handover instanceof SharedMemoryCache ? ctx.handover : undefined;
  if (ctx.link?.role === "replica") {
    if (kept) return kept;
    const buffer = await ctx.link.request(CACHE_BUFFER_TOPIC, null);
    return new SharedMemoryCache({ buffer: buffer as SharedArrayBuffer });
  }
  const limits = readNumericSettings(CACHE_SETTINGS, ctx.config, env, "STRATOS_ERR_CACHE_CONFIG");
  const cache = kept?.hasLimits(limits) ? kept : new SharedMemoryCache(limits);
  ctx.link?.serve(CACHE_BUFFER_TOPIC, () => cache.buffer);
  return cache;
}

export default definePlugin({
  name: "cache",
  async setup(ctx) {
    // A network backend is announced by configuration (connections.redis), so the functions can
    // be declared asynchronous before the backend plugin has set itself up.
    const remote = ctx.capabilities.cache.redis !== undefined;
    const cache = await processCache(ctx, (name) => Deno.env.get(name));
    const ref: BackendRef = { current: cache };
    for (const fn of cacheFunctions(ctx.capabilities.cache, ref, remote)) {
      ctx.registerHostFunction(fn);
    }
    return {
      start() {
        const backend = ctx.service<CacheBackend>(CACHE_BACKEND_SERVICE);
        if (backend) ref.current = backend;
        ctx.log.debug("cache backend", { backend: ref.current.name });
      },
      handover: () => cache,
    };
  },
});
