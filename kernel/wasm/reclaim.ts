/**
 * Giving the memory of dropped instances back to the system promptly. A Wasm memory is freed only
 * when V8 collects its instance, and V8 may leave hundreds of MB of dropped instances uncollected
 * for a long time; so when an instance that grew large is dropped, a full collection is asked
 * for, at most once per {@link RECLAIM_INTERVAL_MS}. V8's `gc` function is reached through
 * `node:v8` and `node:vm`, loaded only the first time (they cost start-up time).
 *
 * @module
 */

/** Shortest time between two collections asked for, in milliseconds. */
export const RECLAIM_INTERVAL_MS = 1000;

let gc: (() => void) | undefined;
let scheduled = false;
let last = -Infinity;

async function collector(): Promise<() => void> {
  if (gc) return gc;
  const [{ default: v8 }, { default: vm }] = await Promise.all([
    import("node:v8"),
    import("node:vm"),
  ]);
  v8.setFlagsFromString("--expose-gc");
  return gc = vm.runInNewContext("gc") as () => void;
}

/** Asks for a full collection soon (after the current work, at most once per interval). */
export function reclaimSoon(): void {
  if (scheduled) return;
  scheduled = true;
  const wait = Math.max(0, last + RECLAIM_INTERVAL_MS - performance.now());
  setTimeout(async () => {
    const collect = await collector();
    scheduled = false;
    last = performance.now();
    collect();
  }, wait);
}
