/**
 * The cache's data blocks: an entry's key (UTF-16 units) and then its value (bytes) live in a
 * chain of {@link BLOCK_SIZE}-byte blocks linked through `next`. Free blocks form a list too;
 * blocks past the high-water mark were never used (their pages are not committed yet). Chains
 * are taken from the free list in order and given back whole, so a chain is often a run of
 * consecutive blocks, which one copy covers. Callers hold the cache's lock.
 *
 * @module
 */

import { StratosError } from "../../plugin.ts";
import { ByteArena } from "./arena.ts";
import { BLOCK_SIZE, type CacheRegions, H } from "./layout.ts";

/**
 * Visits the physical byte ranges of `length` bytes starting `offset` bytes into a chain: `at` is
 * the position in the data region, `done` how many bytes came before; returning false stops.
 */
type Visit = (at: number, done: number, count: number) => boolean | void;

/** Block chains in a cache buffer. */
export class Blocks {
  readonly #header: Int32Array;
  readonly #next: Int32Array;
  readonly #data: Uint8Array;
  readonly #units: Uint16Array;
  readonly #arena = new ByteArena();

  /** @param regions the cache buffer's views */
  constructor(regions: CacheRegions) {
    this.#header = regions.header;
    this.#next = regions.next;
    this.#data = regions.data;
    this.#units = regions.units;
  }

  /**
   * A chain long enough for `bytes`; returns its first block + 1 (0 for no bytes).
   * @throws {StratosError} `STRATOS_ERR_CACHE_BLOCKS` if none are left (the limits make that
   *   impossible unless blocks leaked)
   */
  alloc(bytes: number): number {
    const header = this.#header;
    const next = this.#next;
    let first = 0;
    let last = -1;
    for (let left = bytes; left > 0; left -= BLOCK_SIZE) {
      let block = header[H.freeBlock] - 1;
      if (block >= 0) header[H.freeBlock] = next[block];
      else if (header[H.blockWater] < next.length) block = header[H.blockWater]++;
      else {
        if (first !== 0) this.free(first);
        throw new StratosError(
          "STRATOS_ERR_CACHE_BLOCKS",
          `the in-memory cache has no block left for ${bytes} bytes (${next.length} blocks)`,
        );
      }
      if (last < 0) first = block + 1;
      else next[last] = block + 1;
      last = block;
    }
    if (last >= 0) next[last] = 0;
    return first;
  }

  /** Gives the chain starting at `first` (+ 1) back to the free list. */
  free(first: number): void {
    if (first === 0) return;
    let last = first - 1;
    while (this.#next[last] !== 0) last = this.#next[last] - 1;
    this.#next[last] = this.#header[H.freeBlock];
    this.#header[H.freeBlock] = first;
  }

  /** Copies `bytes` into the chain at `first`, from `offset` bytes in. */
  write(first: number, offset: number, bytes: Uint8Array): void {
    this.#runs(first, offset, bytes.length, (at, done, count) => {
      this.#data.set(bytes.subarray(done, done + count), at);
    });
  }

  /** A copy of `length` bytes of the chain at `first`, from `offset` bytes in (arena.ts). */
  read(first: number, offset: number, length: number): Uint8Array {
    const out = this.#arena.take(length);
    this.#runs(first, offset, length, (at, done, count) => {
      out.set(this.#data.subarray(at, at + count), done);
    });
    return out;
  }

  /** Writes the UTF-16 units of `key` at the start of the chain at `first`. */
  writeKey(first: number, key: string): void {
    this.#runs(first, 0, key.length * 2, (at, done, count) => {
      const base = at >> 1;
      const from = done >> 1;
      for (let i = 0; i < count >> 1; i++) this.#units[base + i] = key.charCodeAt(from + i);
    });
  }

  /** True when the chain at `first` starts with the UTF-16 units of `key`. */
  startsWithKey(first: number, key: string): boolean {
    return this.#runs(first, 0, key.length * 2, (at, done, count) => {
      const base = at >> 1;
      const from = done >> 1;
      for (let i = 0; i < count >> 1; i++) {
        if (this.#units[base + i] !== key.charCodeAt(from + i)) return false;
      }
    });
  }

  /** Calls `visit` for each run of consecutive blocks; false when a visit stopped it. */
  #runs(first: number, offset: number, length: number, visit: Visit): boolean {
    const next = this.#next;
    let block = first - 1;
    for (; offset >= BLOCK_SIZE; offset -= BLOCK_SIZE) block = next[block] - 1;
    for (let done = 0; done < length;) {
      const at = block * BLOCK_SIZE + offset;
      let end = (block + 1) * BLOCK_SIZE;
      while (end - at < length - done && next[block] === block + 2) {
        block++;
        end += BLOCK_SIZE;
      }
      const count = Math.min(end - at, length - done);
      if (visit(at, done, count) === false) return false;
      done += count;
      block = next[block] - 1;
      offset = 0;
    }
    return true;
  }
}
