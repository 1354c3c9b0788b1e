/**
 * The in-memory cache backend: per-key TTL, and bounded by entry count and total bytes; the
 * least recently used entries are evicted first.
 *
 * @module
 */

import type { CacheBackend } from "./backend.ts";

/** Limits of the in-memory cache. */
export interface MemoryCacheOptions {
  /** Most entries kept. @default 100_000 */
  maxEntries?: number;
  /** Most bytes of keys and values kept. @default 64 MiB */
  maxBytes?: number;
  /** Clock in milliseconds (tests). @default Date.now */
  now?: () => number;
}

interface Entry {
  value: Uint8Array;
  expires: number;
  size: number;
}

/** An LRU map with per-entry expiry. */
export class MemoryCache implements CacheBackend {
  readonly name = "memory";
  readonly missingKeyMessage = "key not found";
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #bytes = 0;

  /** @param options size limits and clock */
  constructor(options: MemoryCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#now = options.now ?? Date.now;
  }

  /** Entries currently held (expired ones included until touched or evicted). */
  get size(): number {
    return this.#entries.size;
  }

  /** Bytes of keys and values held. */
  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): Uint8Array | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.expires !== 0 && entry.expires <= this.#now()) {
      this.#bytes -= entry.size;
      return undefined;
    }
    this.#entries.set(key, entry); // most recently used goes last
    return entry.value;
  }

  set(key: string, value: Uint8Array, ttlSeconds: number): void {
    this.#remove(key);
    const size = key.length * 2 + value.length;
    if (size > this.#maxBytes) return; // larger than the whole cache: never stored
    const expires = ttlSeconds > 0 ? this.#now() + ttlSeconds * 1000 : 0;
    this.#entries.set(key, { value: value.slice(), expires, size });
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.size;
    }
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.size;
  }
}
