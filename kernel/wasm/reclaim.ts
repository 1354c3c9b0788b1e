/**
 * Giving memory back to the system promptly. A Wasm memory is freed only when V8 collects its
 * instance, and V8 may leave hundreds of MB of dropped instances uncollected for a long time; so
 * when an instance that grew large is dropped, a full collection is asked for, at most once per
 * {@link RECLAIM_INTERVAL_MS}. And once an isolate serves, what its start left behind (parsed
 * files, the modules' rewriting, a young generation grown while starting) is collected and its
 * heap shrunk, which V8 itself would do only some 30 s later ({@link settleAfterStart}).
 *
 * V8's `gc` function is the one its option `--expose-gc` puts on the global object (Stratos's
 * launchers pass it), else reached through `node:v8` and `node:vm`, loaded only the first time it
 * is needed (they cost start-up time and memory).
 *
 * @module
 */

/** Shortest time between two collections asked for, in milliseconds. */
export const RECLAIM_INTERVAL_MS = 1000;

/** V8's `gc` function (the `--expose-gc` extension) and the options it takes. */
type Collect = (options?: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/** The `gc` that `--expose-gc` put on this isolate's global object, if it did. */
const exposed = (globalThis as { gc?: Collect }).gc;

let gc: Collect | undefined = exposed;
let scheduled = false;
let last = -Infinity;

async function collector(): Promise<Collect> {
  if (gc) return gc;
  const [{ default: v8 }, { default: vm }] = await Promise.all([
    import("node:v8"),
    import("node:vm"),
  ]);
  v8.setFlagsFromString("--expose-gc");
  return gc = vm.runInNewContext("gc") as Collect;
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

/**
 * Once the isolate serves: collects everything its start left behind and shrinks the heap to
 * what is live (about 4 MB of resident memory per isolate of examples/hello). Only with the
 * `gc` of `--expose-gc`: loading `node:v8` and `node:vm` for it would cost half of what it saves.
 * @returns whether it collected
 */
export function settleAfterStart(): boolean {
  if (!exposed) return false;
  last = performance.now();
  exposed({ type: "major", execution: "sync", flavor: "last-resort" });
  return true;
}
