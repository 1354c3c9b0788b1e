/**
 * The last finished traces of one isolate, for the console: a ring of at most
 * {@link RECENT_TRACES} traces, read back as those that ended after a given time.
 *
 * @module
 */

import type { TraceRecord } from "../../../plugin.ts";

/** How many finished traces an isolate keeps for the console. */
export const RECENT_TRACES = 100;

/** When a trace ended (ms since the epoch). */
export function endedAt(trace: TraceRecord): number {
  return trace.startedAt + Math.max(0, trace.root.durationMs);
}

/** A ring of the last finished traces. */
export class RecentTraces {
  readonly #ring: TraceRecord[] = [];
  #next = 0;

  /** @param capacity how many are kept */
  constructor(readonly capacity: number = RECENT_TRACES) {}

  /** Keeps `trace`, dropping the oldest past the capacity. */
  add(trace: TraceRecord): void {
    if (this.#ring.length < this.capacity) this.#ring.push(trace);
    else this.#ring[this.#next] = trace;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** The traces that ended after `since` (ms since the epoch), oldest first. */
  since(since: number): TraceRecord[] {
    return this.#ring.filter((t) => endedAt(t) > since).sort((a, b) => endedAt(a) - endedAt(b));
  }
}

/**
 * The traces of several isolates merged: those that ended after `since`, oldest first, at most
 * `limit` of the newest.
 */
export function mergeRecent(
  perIsolate: readonly TraceRecord[][],
  limit: number = RECENT_TRACES,
): TraceRecord[] {
  const all = perIsolate.flat().sort((a, b) => endedAt(a) - endedAt(b));
  return all.slice(Math.max(0, all.length - limit));
}
