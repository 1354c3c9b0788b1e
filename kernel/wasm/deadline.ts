/**
 * Deadlines for guest code. Instrumented modules (see `instrument/`) call a host tick every
 * {@link TICK_BUDGET} loop iterations; the tick throws {@link DeadlineError} once the running
 * invocation's deadline has passed, which unwinds the guest like a trap.
 *
 * @module
 */

import { StratosError } from "../errors.ts";

/** Loop iterations between two ticks. */
export const TICK_BUDGET = 65_536;

/** Guest code ran past its deadline and was stopped. */
export class DeadlineError extends StratosError {
  constructor() {
    super("STRATOS_ERR_TIMEOUT", "the Runnable ran past its time limit and was stopped");
    this.name = "DeadlineError";
  }
}

// (module (import "s" "tick" (func (result i32))) (export "tick" (func 0))): re-exporting the
// import turns the JS function into a Wasm function, which a funcref table can hold.
// deno-fmt-ignore
const TICK_MODULE = new WebAssembly.Module(new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type 0: () -> i32
  0x02, 0x0a, 0x01, 0x01, 0x73, 0x04, 0x74, 0x69, 0x63, 0x6b, 0x00, 0x00, // import "s" "tick"
  0x07, 0x08, 0x01, 0x04, 0x74, 0x69, 0x63, 0x6b, 0x00, 0x00, // export "tick" func 0
]));

/**
 * Fills slot 0 of an instrumented instance's tick table with a tick that checks `deadline()`
 * (milliseconds on the `performance.now()` clock).
 */
export function installTick(table: WebAssembly.Table, deadline: () => number): void {
  const tick = () => {
    if (performance.now() > deadline()) throw new DeadlineError();
    return TICK_BUDGET;
  };
  const helper = new WebAssembly.Instance(TICK_MODULE, { s: { tick } });
  table.set(0, helper.exports.tick as () => number);
}
