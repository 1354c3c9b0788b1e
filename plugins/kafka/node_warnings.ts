/**
 * kafkajs 2.2.4 schedules a timer with a negative delay on every connection (its request queue
 * computes `throttledUntil - now` with `throttledUntil = -1`; the delay is clamped to 1 ms), so
 * Node's timers print a `TimeoutNegativeWarning` to stderr once per process. This drops that one
 * warning and passes every other warning on to the listeners that were there before.
 *
 * @module
 */

import process from "node:process";

/** The warning kafkajs's negative delays cause. */
export const NEGATIVE_TIMEOUT_WARNING = "TimeoutNegativeWarning";

const FILTER = Symbol.for("stratos.kafka.negativeTimeoutFilter");

type WarningListener = (warning: Error) => void;

/** What the filter needs of `process`. */
export type WarningEmitter = Pick<typeof process, "listeners" | "removeAllListeners" | "on">;

/** Installs the filter on `target` (default: `process`) once; later calls do nothing. */
export function ignoreNegativeTimeoutWarnings(target: WarningEmitter = process): void {
  const marked = target as unknown as Record<symbol, boolean>;
  if (marked[FILTER]) return;
  marked[FILTER] = true;
  const previous = target.listeners("warning") as WarningListener[];
  target.removeAllListeners("warning");
  target.on("warning", (warning: Error) => {
    if (warning.name === NEGATIVE_TIMEOUT_WARNING) return;
    for (const listener of previous) listener.call(target, warning);
  });
}
