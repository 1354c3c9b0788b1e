/**
 * Fresh byte arrays for the values `get` returns, carved one after another out of larger
 * buffers: in Deno a typed array with a buffer of its own costs about ten times a view of an
 * existing one, which was most of a cache hit. A carved array is never handed out again or
 * written after it is returned, so callers may keep it; one kept for long keeps its whole buffer
 * alive. Arrays longer than an eighth of a buffer get a buffer of their own.
 *
 * @module
 */

/** Bytes of each buffer arrays are carved from. */
export const ARENA_BYTES = 64 * 1024;

/** Hands out fresh, zeroed byte arrays. */
export class ByteArena {
  #buffer = new Uint8Array(0);
  #used = 0;

  /** A new array of `length` bytes that nothing else refers to. */
  take(length: number): Uint8Array {
    if (length > ARENA_BYTES / 8) return new Uint8Array(length);
    if (this.#used + length > this.#buffer.length) {
      this.#buffer = new Uint8Array(ARENA_BYTES);
      this.#used = 0;
    }
    const bytes = this.#buffer.subarray(this.#used, this.#used + length);
    this.#used += length;
    return bytes;
  }
}
