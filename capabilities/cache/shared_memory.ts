/**
 * The in-memory cache backend, one per process: it lives in a SharedArrayBuffer that every
 * isolate of the process (`--workers`) maps, so `get` and `set` are synchronous in all of them
 * and a value set through one isolate is read through any other. Per-key TTL; bounded by entry
 * count and by bytes of keys (2 per UTF-16 unit) and values; the least recently used entry is
 * evicted first (exact LRU).
 *
 * Design (regions: layout.ts):
 * - **Index**: a hash table of `maxEntries` rounded up to a power of two buckets, chained through
 *   the slots; a slot holds one entry's hash, key length, value length, expiry, its block chain
 *   and its place in the recency list.
 * - **Recency**: a doubly linked list of slots, most recently used first; `get` and `set` move an
 *   entry to the front, eviction takes from the back.
 * - **Data**: key and value in a chain of 64-byte blocks (blocks.ts). Blocks number
 *   `ceil(maxBytes / 64) + maxEntries`, so whatever the limits admit always fits: no
 *   fragmentation, and a value may be as large as `maxBytes`.
 * - **Concurrency**: every call takes one lock (lock.ts) for its whole lookup-and-copy, so a
 *   reader never sees a value half-written or the lists half-changed, and a value read is always
 *   a copy of one that was set (into memory of the reading isolate, arena.ts). A `get` also
 *   moves its entry in the recency list, so readers take the lock too; it is held for well under
 *   a microsecond plus the copy of the value.
 * - **Memory**: the buffer is sized at creation from the limits, about
 *   `1.07 × maxBytes + 110 × maxEntries` bytes (79 MiB for the defaults; layout.ts), but the OS
 *   commits its pages only when the cache first touches them: an empty cache costs a few KiB, a
 *   full one about its keys and values plus under 110 bytes per entry (bookkeeping and block slack).
 *
 * @module
 */

import type { CacheBackend } from "./backend.ts";
import { Blocks } from "./blocks.ts";
import { hashKey } from "./hash.ts";
import { attachRegions, type CacheRegions, createRegions, F, H } from "./layout.ts";
import { acquire, release } from "./lock.ts";

/** Default most entries. */
export const DEFAULT_MAX_ENTRIES = 100_000;
/** Default most bytes of keys and values. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** How to make or join a cache. */
export interface SharedMemoryCacheOptions {
  /** Most entries kept (ignored with `buffer`). @default 100_000 */
  maxEntries?: number;
  /** Most bytes of keys and values kept (ignored with `buffer`). @default 64 MiB */
  maxBytes?: number;
  /** The buffer of a cache made in this or another isolate, to share it. @default a new one */
  buffer?: SharedArrayBuffer;
  /** Clock in milliseconds since the epoch, the same in every isolate. @default Date.now */
  now?: () => number;
}

/** A cache in shared memory; see the module's description. */
export class SharedMemoryCache implements CacheBackend {
  readonly name = "memory";
  readonly missingKeyMessage = "key not found";
  /** The shared memory; pass it to another isolate's cache to share the entries. */
  readonly buffer: SharedArrayBuffer;
  readonly #r: CacheRegions;
  readonly #blocks: Blocks;
  readonly #now: () => number;
  readonly #mask: number;

  /**
   * @param options limits, or the buffer of an existing cache; the clock
   * @throws {StratosError} `STRATOS_ERR_CACHE_CONFIG` when the buffer cannot be reserved,
   *   `STRATOS_ERR_CACHE_BUFFER` when `options.buffer` is not a cache's
   */
  constructor(options: SharedMemoryCacheOptions = {}) {
    this.#r = options.buffer ? attachRegions(options.buffer) : createRegions({
      maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    });
    this.buffer = this.#r.buffer;
    this.#blocks = new Blocks(this.#r);
    this.#now = options.now ?? Date.now;
    this.#mask = this.#r.buckets.length - 1;
  }

  /** Whether the cache was made with these limits (defaults for those left out). */
  hasLimits(limits: { maxEntries?: number; maxBytes?: number }): boolean {
    return this.#r.header[H.maxEntries] === (limits.maxEntries ?? DEFAULT_MAX_ENTRIES) &&
      this.#r.totals[F.maxBytes] === (limits.maxBytes ?? DEFAULT_MAX_BYTES);
  }

  /** Entries currently held (expired ones included until touched or evicted). */
  get size(): number {
    return this.#locked(() => this.#r.header[H.count]);
  }

  /** Bytes of keys and values held. */
  get bytes(): number {
    return this.#locked(() => this.#r.totals[F.bytes]);
  }

  get(key: string): Uint8Array | undefined {
    const hash = hashKey(key);
    return this.#locked(() => {
      const slot = this.#find(key, hash);
      if (slot < 0) return undefined;
      const r = this.#r;
      if (r.expires[slot] !== 0 && r.expires[slot] <= this.#now()) {
        this.#remove(slot);
        return undefined;
      }
      this.#unlinkRecency(slot);
      this.#pushRecency(slot);
      return this.#blocks.read(r.first[slot], r.keyUnits[slot] * 2, r.valueBytes[slot]);
    });
  }

  set(key: string, value: Uint8Array, ttlSeconds: number): void {
    const hash = hashKey(key);
    const size = key.length * 2 + value.length;
    this.#locked(() => {
      const r = this.#r;
      const old = this.#find(key, hash);
      if (old >= 0) this.#remove(old);
      if (size > r.totals[F.maxBytes]) return; // larger than the whole cache: never stored
      while (
        r.header[H.count] >= r.header[H.maxEntries] ||
        r.totals[F.bytes] + size > r.totals[F.maxBytes]
      ) {
        this.#remove(r.header[H.lru] - 1);
      }
      const first = this.#blocks.alloc(size);
      this.#blocks.writeKey(first, key);
      this.#blocks.write(first, key.length * 2, value);
      const slot = this.#takeSlot();
      r.hash[slot] = hash;
      r.keyUnits[slot] = key.length;
      r.valueBytes[slot] = value.length;
      r.first[slot] = first;
      r.expires[slot] = ttlSeconds > 0 ? this.#now() + ttlSeconds * 1000 : 0;
      const bucket = hash & this.#mask;
      r.chain[slot] = r.buckets[bucket];
      r.buckets[bucket] = slot + 1;
      this.#pushRecency(slot);
      r.header[H.count]++;
      r.totals[F.bytes] += size;
    });
  }

  #locked<T>(body: () => T): T {
    acquire(this.#r.header, H.lock);
    try {
      return body();
    } finally {
      release(this.#r.header, H.lock);
    }
  }

  /** The slot holding `key`, or -1. */
  #find(key: string, hash: number): number {
    const r = this.#r;
    for (let slot = r.buckets[hash & this.#mask] - 1; slot >= 0; slot = r.chain[slot] - 1) {
      if (
        r.hash[slot] === hash && r.keyUnits[slot] === key.length &&
        this.#blocks.startsWithKey(r.first[slot], key)
      ) return slot;
    }
    return -1;
  }

  /** Drops the entry in `slot`: out of its bucket and the recency list, its blocks freed. */
  #remove(slot: number): void {
    const r = this.#r;
    const bucket = r.hash[slot] & this.#mask;
    if (r.buckets[bucket] === slot + 1) r.buckets[bucket] = r.chain[slot];
    else {
      let before = r.buckets[bucket] - 1;
      while (r.chain[before] !== slot + 1) before = r.chain[before] - 1;
      r.chain[before] = r.chain[slot];
    }
    this.#unlinkRecency(slot);
    this.#blocks.free(r.first[slot]);
    r.header[H.count]--;
    r.totals[F.bytes] -= r.keyUnits[slot] * 2 + r.valueBytes[slot];
    r.chain[slot] = r.header[H.freeSlot];
    r.header[H.freeSlot] = slot + 1;
  }

  /** A free slot (there is one: the caller evicted down to fewer than maxEntries). */
  #takeSlot(): number {
    const header = this.#r.header;
    const free = header[H.freeSlot] - 1;
    if (free < 0) return header[H.slotWater]++;
    header[H.freeSlot] = this.#r.chain[free];
    return free;
  }

  /** Makes `slot` the most recently used. */
  #pushRecency(slot: number): void {
    const r = this.#r;
    const head = r.header[H.mru];
    r.newer[slot] = 0;
    r.older[slot] = head;
    if (head === 0) r.header[H.lru] = slot + 1;
    else r.newer[head - 1] = slot + 1;
    r.header[H.mru] = slot + 1;
  }

  /** Takes `slot` out of the recency list. */
  #unlinkRecency(slot: number): void {
    const r = this.#r;
    const newer = r.newer[slot];
    const older = r.older[slot];
    if (newer === 0) r.header[H.mru] = older;
    else r.older[newer - 1] = older;
    if (older === 0) r.header[H.lru] = newer;
    else r.newer[older - 1] = newer;
  }
}
