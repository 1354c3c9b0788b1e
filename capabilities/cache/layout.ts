/**
 * Where the in-memory cache keeps its state in its SharedArrayBuffer: the layout is computed from
 * the limits alone, which the buffer's header records, so any isolate given the buffer finds the
 * same regions.
 *
 * In order (every region a whole number of 8 bytes long but the last):
 *
 * | region          | type         | length                          |
 * | --------------- | ------------ | ------------------------------- |
 * | header          | Int32 / F64  | 16 words: lock, counters, lists |
 * | value bytes     | Float64      | one per slot (maxEntries)       |
 * | expiry          | Float64      | one per slot                    |
 * | buckets         | Int32        | a power of two ≥ maxEntries     |
 * | slot fields     | Int32 × 6    | one each per slot               |
 * | block links     | Int32        | one per block                   |
 * | block data      | Uint8/Uint16 | {@link BLOCK_SIZE} per block    |
 *
 * Links are stored as index + 1, so 0 means "none" and memory nobody wrote yet (zero, as the OS
 * hands it out) reads as empty lists: nothing is initialised beyond the header, and only pages
 * the cache touches are committed.
 *
 * @module
 */

import { StratosError } from "../../plugin.ts";

/** Bytes of one data block; an entry's key and value take a chain of blocks. */
export const BLOCK_SIZE = 64;

/** Marks a buffer laid out by this module (checked when an isolate attaches to one). */
const MAGIC = 0x53434331; // "SCC1"

/** Indexes of the header's Int32 words. */
export const H = {
  /** The lock word (see lock.ts). */
  lock: 0,
  magic: 1,
  maxEntries: 2,
  /** Entries held. */
  count: 3,
  /** Most recently used slot + 1. */
  mru: 4,
  /** Least recently used slot + 1. */
  lru: 5,
  /** First free slot + 1 (a list through the slots' chain field). */
  freeSlot: 6,
  /** Slots handed out so far: those at and past it were never used. */
  slotWater: 7,
  /** First free block + 1 (a list through the block links). */
  freeBlock: 8,
  /** Blocks handed out so far. */
  blockWater: 9,
} as const;

/** Indexes of the header's Float64 words (bytes 48–63). */
export const F = {
  maxBytes: 6,
  /** Bytes of keys and values held. */
  bytes: 7,
} as const;

const HEADER_BYTES = 64;

/** The bounds a cache buffer is sized for. */
export interface CacheLimits {
  /** Most entries held. */
  maxEntries: number;
  /** Most bytes of keys (2 per UTF-16 unit) and values held. */
  maxBytes: number;
}

/** Typed views of every region of a cache buffer. */
export interface CacheRegions {
  /** The whole buffer. */
  readonly buffer: SharedArrayBuffer;
  /** Header words ({@link H}); the lock is word 0. */
  readonly header: Int32Array;
  /** Header Float64 words ({@link F}). */
  readonly totals: Float64Array;
  /** Bucket heads: slot + 1 of a hash chain's first entry. */
  readonly buckets: Int32Array;
  /** Per slot: the key's hash. */
  readonly hash: Int32Array;
  /** Per slot: the next slot + 1 in its bucket (or in the free list). */
  readonly chain: Int32Array;
  /** Per slot: the more recently used slot + 1. */
  readonly newer: Int32Array;
  /** Per slot: the less recently used slot + 1. */
  readonly older: Int32Array;
  /** Per slot: the key's length in UTF-16 units. */
  readonly keyUnits: Int32Array;
  /** Per slot: first block + 1 of the key-then-value chain (0 when both are empty). */
  readonly first: Int32Array;
  /** Per slot: the value's length in bytes. */
  readonly valueBytes: Float64Array;
  /** Per slot: when the entry expires (ms since the epoch), 0 for never. */
  readonly expires: Float64Array;
  /** Per block: the next block + 1 of its chain (or of the free list). */
  readonly next: Int32Array;
  /** Block data as bytes (values). */
  readonly data: Uint8Array;
  /** Block data as UTF-16 units (keys, which start at a block's start). */
  readonly units: Uint16Array;
}

/** Sizes of the regions for `limits`. */
function plan({ maxEntries, maxBytes }: CacheLimits) {
  let buckets = 1;
  while (buckets < maxEntries) buckets *= 2;
  // Each entry wastes less than one block, so this many always hold what the limits allow.
  const blocks = Math.ceil(maxBytes / BLOCK_SIZE) + maxEntries;
  const floats = HEADER_BYTES;
  const ints = floats + 2 * 8 * maxEntries;
  const data = ints + 4 * (buckets + 6 * maxEntries + blocks);
  return { buckets, blocks, floats, ints, data, total: data + blocks * BLOCK_SIZE };
}

/**
 * How many bytes of shared memory a cache with `limits` reserves (committed by the OS only as
 * the cache fills).
 */
export function cacheBufferBytes(limits: CacheLimits): number {
  return plan(limits).total;
}

/**
 * A new, empty cache buffer for `limits`.
 * @throws {StratosError} `STRATOS_ERR_CACHE_CONFIG` when the buffer cannot be reserved
 */
export function createRegions(limits: CacheLimits): CacheRegions {
  const { total, blocks } = plan(limits);
  let buffer: SharedArrayBuffer;
  try {
    if (blocks >= 2 ** 31 - 1 || limits.maxEntries >= 2 ** 30) {
      throw new RangeError("more blocks or entries than 32-bit links reach");
    }
    buffer = new SharedArrayBuffer(total);
  } catch (error) {
    throw new StratosError(
      "STRATOS_ERR_CACHE_CONFIG",
      `the in-memory cache for ${limits.maxEntries} entries and ${limits.maxBytes} bytes needs ` +
        `${total} bytes of shared memory, which could not be reserved: ` +
        (error instanceof Error ? error.message : String(error)),
    );
  }
  const regions = mapRegions(buffer, limits);
  regions.header[H.maxEntries] = limits.maxEntries;
  regions.totals[F.maxBytes] = limits.maxBytes;
  Atomics.store(regions.header, H.magic, MAGIC); // published last
  return regions;
}

/**
 * The regions of a buffer {@link createRegions} made (in this isolate or another).
 * @throws {StratosError} `STRATOS_ERR_CACHE_BUFFER` when `buffer` is not one
 */
export function attachRegions(buffer: unknown): CacheRegions {
  if (buffer instanceof SharedArrayBuffer && buffer.byteLength >= HEADER_BYTES) {
    const header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    const limits = {
      maxEntries: header[H.maxEntries],
      maxBytes: new Float64Array(buffer, 0, HEADER_BYTES / 8)[F.maxBytes],
    };
    if (Atomics.load(header, H.magic) === MAGIC && plan(limits).total === buffer.byteLength) {
      return mapRegions(buffer, limits);
    }
  }
  const found = buffer instanceof SharedArrayBuffer
    ? `a SharedArrayBuffer of ${buffer.byteLength} bytes without a cache layout`
    : typeof buffer;
  throw new StratosError(
    "STRATOS_ERR_CACHE_BUFFER",
    `the in-memory cache expected the buffer the primary isolate made: found ${found}`,
  );
}

function mapRegions(buffer: SharedArrayBuffer, limits: CacheLimits): CacheRegions {
  const { buckets, blocks, floats, ints, data } = plan(limits);
  const n = limits.maxEntries;
  const float64 = (i: number) => new Float64Array(buffer, floats + i * 8 * n, n);
  const int32 = (offset: number, length: number) => new Int32Array(buffer, ints + offset, length);
  const slots = (i: number) => int32(4 * (buckets + i * n), n);
  return {
    buffer,
    header: new Int32Array(buffer, 0, HEADER_BYTES / 4),
    totals: new Float64Array(buffer, 0, HEADER_BYTES / 8),
    valueBytes: float64(0),
    expires: float64(1),
    buckets: int32(0, buckets),
    hash: slots(0),
    chain: slots(1),
    newer: slots(2),
    older: slots(3),
    keyUnits: slots(4),
    first: slots(5),
    next: int32(4 * (buckets + 6 * n), blocks),
    data: new Uint8Array(buffer, data, blocks * BLOCK_SIZE),
    units: new Uint16Array(buffer, data, blocks * BLOCK_SIZE / 2),
  };
}
