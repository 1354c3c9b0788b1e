/**
 * WASI `poll_oneoff` that waits without blocking the isolate: clock subscriptions (Go's
 * `time.Sleep`, timers) suspend the guest through JS Promise Integration until the earliest
 * timeout, and never past the invocation's deadline (then {@link DeadlineError}, a 504). The
 * shim's own version spins the CPU for the whole wait. File descriptor subscriptions are
 * reported ready at once (stdin is empty, stdout/stderr always accept writes).
 *
 * Layouts (WASI preview1): a subscription is 48 bytes — userdata u64 @0, tag u8 @8, then for a
 * clock: id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40; an event is 32 bytes —
 * userdata u64 @0, error u16 @8, type u8 @10.
 *
 * @module
 */

import { DeadlineError } from "./tick.ts";
import type { GuestMemory } from "./guest_memory.ts";

const SUBSCRIPTION = 48;
const EVENT = 32;
const CLOCK = 0;
const CLOCK_REALTIME = 0;
const ABSTIME = 1;
const ERRNO_INVAL = 28;

/** The clock a subscription names, in nanoseconds. */
function now(clock: number): bigint {
  return clock === CLOCK_REALTIME
    ? BigInt(Date.now()) * 1_000_000n
    : BigInt(Math.round(performance.now() * 1e6));
}

/**
 * Creates the `poll_oneoff(in, out, nsubscriptions, nevents)` import of one instance; it may
 * return a Promise, so it must be wrapped in `WebAssembly.Suspending`.
 */
export function pollOneoff(
  memory: () => GuestMemory,
  deadline: () => number,
): (...args: number[]) => number | Promise<number> {
  return (inPtr, outPtr, count, neventsPtr) => {
    if (count <= 0) return ERRNO_INVAL;
    const subs = memory().view(inPtr, count * SUBSCRIPTION, "poll_oneoff");
    memory().view(outPtr, count * EVENT, "poll_oneoff");
    memory().view(neventsPtr, 4, "poll_oneoff");
    const view = new DataView(subs.buffer, subs.byteOffset, subs.byteLength);
    const ready = new Set<number>(); // file descriptor subscriptions: ready at once
    const wakeAt = new Map<number, number>(); // clock subscriptions: milliseconds from now
    for (let i = 0; i < count; i++) {
      const base = i * SUBSCRIPTION;
      if (view.getUint8(base + 8) !== CLOCK) {
        ready.add(i);
        continue;
      }
      const clock = view.getUint32(base + 16, true);
      let timeout = view.getBigUint64(base + 24, true);
      if (view.getUint16(base + 40, true) & ABSTIME) timeout -= now(clock);
      wakeAt.set(i, Number(timeout > 0n ? timeout : 0n) / 1e6);
    }
    const wakeIn = Math.min(...wakeAt.values());
    const finish = (fired: (i: number) => boolean) => {
      const out = memory().view(outPtr, count * EVENT, "poll_oneoff");
      const events = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const src = memory().view(inPtr, count * SUBSCRIPTION, "poll_oneoff");
      const subsNow = new DataView(src.buffer, src.byteOffset, src.byteLength);
      let n = 0;
      for (let i = 0; i < count; i++) {
        if (!fired(i)) continue;
        events.setBigUint64(n * EVENT, subsNow.getBigUint64(i * SUBSCRIPTION, true), true);
        events.setUint16(n * EVENT + 8, 0, true);
        events.setUint8(n * EVENT + 10, subsNow.getUint8(i * SUBSCRIPTION + 8));
        n++;
      }
      const nevents = memory().view(neventsPtr, 4, "poll_oneoff");
      new DataView(nevents.buffer, nevents.byteOffset, 4).setUint32(0, n, true);
      return 0;
    };
    if (ready.size > 0) return finish((i) => ready.has(i));
    if (wakeIn === 0) return finish((i) => wakeAt.get(i) === 0);
    const remaining = deadline() - performance.now();
    if (remaining <= 0) throw new DeadlineError();
    return new Promise<number>((resolve, reject) => {
      setTimeout(() => {
        if (wakeIn > remaining) reject(new DeadlineError());
        else resolve(finish((i) => (wakeAt.get(i) ?? Infinity) <= wakeIn));
      }, Math.min(wakeIn, remaining));
    });
  };
}
