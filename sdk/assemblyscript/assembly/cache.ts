// The cache capability (`cache_get`, `cache_set`): in memory by default, Redis when configured.

import { cache_get, cache_set } from "./env";
import { fail, ffiResult, HostError, ident, len, ptr, recordError, Result, utf8 } from "./ffi";

/** Reads `key`; a missing or expired key is an error (`key not found` in memory). */
export function get(key: string): Result {
  const k = utf8(key);
  return ffiResult(cache_get(ptr(k), len(k), ident()));
}

/** Stores `value` under `key` for `ttl` seconds (0 = no expiry); null on success. */
export function set(key: string, value: ArrayBuffer, ttl: i32 = 0): HostError | null {
  const k = utf8(key);
  // cache_set answers with a status code, not a size: there is no FFI result to fetch.
  const code = cache_set(ptr(k), len(k), ptr(value), len(value), ttl, ident());
  if (code == 0) return recordError(null);
  return fail(code == -2 ? "cache set failed" : "unknown error returned from host");
}

/** Like `set`, with a UTF-8 text value. */
export function setText(key: string, value: string, ttl: i32 = 0): HostError | null {
  return set(key, utf8(value), ttl);
}
