/**
 * One budget for the memory of every Runnable instance of a process, across its isolates: an
 * instance reserves its initial memory when it is created and every page it grows by, and gives
 * it all back when it is dropped. Growth that would pass the budget fails inside the guest, and
 * an instance that cannot get its initial memory is not created (the invocation gets 503), so
 * the process's Wasm memory stays under the budget however many modules, instances and isolates
 * there are.
 *
 * The count lives in a `SharedArrayBuffer`, so replica isolates share the primary's budget.
 *
 * @module
 */

import { StratosError } from "../errors.ts";

/** Bytes in a Wasm page. */
export const PAGE_BYTES = 65_536;

/** No instance could be created or grown: the process's memory budget is spent. */
export class MemoryBudgetError extends StratosError {
  /** @param limitMiB the budget, in MiB */
  constructor(limitMiB: number) {
    super(
      "STRATOS_ERR_MEMORY_BUDGET",
      `the memory budget of all Runnable instances (${limitMiB} MiB) is spent; try again later`,
    );
    this.name = "MemoryBudgetError";
  }
}

/** Pages reserved against a limit, shared by every isolate that holds the same buffer. */
export class MemoryBudget {
  readonly #used: Int32Array;
  readonly #limitPages: number;

  /**
   * @param limitMiB the budget in MiB
   * @param shared the buffer of another isolate's budget, to share its count
   */
  constructor(readonly limitMiB: number, shared?: SharedArrayBuffer) {
    this.#used = new Int32Array(shared ?? new SharedArrayBuffer(4));
    this.#limitPages = Math.floor(limitMiB * 1024 * 1024 / PAGE_BYTES);
  }

  /** The buffer holding the count, to hand to replica isolates. */
  get buffer(): SharedArrayBuffer {
    return this.#used.buffer as SharedArrayBuffer;
  }

  /** Pages reserved now, by every isolate. */
  get usedPages(): number {
    return Atomics.load(this.#used, 0);
  }

  /** Reserves `pages`; returns false (reserving nothing) when that would pass the limit. */
  reserve(pages: number): boolean {
    if (pages <= 0) return true;
    const after = Atomics.add(this.#used, 0, pages) + pages;
    if (after <= this.#limitPages) return true;
    Atomics.sub(this.#used, 0, pages);
    return false;
  }

  /** Gives back `pages` reserved earlier. */
  release(pages: number): void {
    if (pages > 0) Atomics.sub(this.#used, 0, pages);
  }
}
