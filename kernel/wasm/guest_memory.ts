/**
 * Bounds-checked access to a guest's linear memory. A pointer or size a Runnable passes to a
 * host function is never trusted: out-of-range values raise {@link GuestMemoryError}, which fails
 * the invocation (and retires the instance) instead of the host.
 *
 * @module
 */

import { StratosError } from "../errors.ts";
import { decodeUTF8 } from "./utf8.ts";

/** A guest passed a pointer/size pair outside its memory. */
export class GuestMemoryError extends StratosError {
  /**
   * @param what the host function or operation that received the bad range
   * @param ptr the pointer received
   * @param size the size received
   * @param limit the memory size in bytes
   */
  constructor(what: string, ptr: number, size: number, limit: number) {
    super(
      "STRATOS_ERR_GUEST_MEMORY",
      `${what}: guest memory range [${ptr}, ${ptr}+${size}) is outside the module's ${limit}-byte memory`,
    );
    this.name = "GuestMemoryError";
  }
}

/** A view on one instance's exported memory. */
export class GuestMemory {
  readonly #memory: WebAssembly.Memory;
  #bytes: Uint8Array;

  /** @param memory the instance's exported memory */
  constructor(memory: WebAssembly.Memory) {
    this.#memory = memory;
    this.#bytes = new Uint8Array(memory.buffer);
  }

  /** The whole memory; re-created after `memory.grow` detached the previous buffer. */
  #all(): Uint8Array {
    let bytes = this.#bytes;
    if (bytes.byteLength === 0) bytes = this.#bytes = new Uint8Array(this.#memory.buffer);
    return bytes;
  }

  /** Checks `[ptr, ptr+size)` and returns a view on it (valid until the guest runs again). */
  view(ptr: number, size: number, what: string): Uint8Array {
    return this.#all().subarray(ptr, this.#end(ptr, size, what));
  }

  /** Copies `[ptr, ptr+size)` out of guest memory. */
  read(ptr: number, size: number, what: string): Uint8Array {
    return this.#all().slice(ptr, this.#end(ptr, size, what));
  }

  /**
   * Decodes `[ptr, ptr+size)` as UTF-8 (invalid sequences become U+FFFD); with `maxBytes`, the
   * whole range is checked but only its first `maxBytes` bytes are decoded.
   */
  readString(ptr: number, size: number, what: string, maxBytes = size): string {
    const bytes = this.view(ptr, size, what);
    return decodeUTF8(maxBytes < size ? bytes.subarray(0, maxBytes) : bytes);
  }

  /** Copies `bytes` into guest memory at `ptr`. */
  write(ptr: number, bytes: Uint8Array, what: string): void {
    this.#end(ptr, bytes.length, what);
    this.#all().set(bytes, ptr);
  }

  /** `ptr + size`, after checking the range lies inside the memory. */
  #end(ptr: number, size: number, what: string): number {
    const limit = this.#all().byteLength;
    // i32 arguments arrive signed: negative values are out of range.
    if (ptr < 0 || size < 0 || ptr + size > limit) {
      throw new GuestMemoryError(what, ptr, size, limit);
    }
    return ptr + size;
  }
}
